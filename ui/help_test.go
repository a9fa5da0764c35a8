package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFooterKeepsHelpAndQuitAtAnyWidth(t *testing.T) {
	t.Parallel()
	for _, w := range []int{40, 60, 80, 120} {
		h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) { o.CanRefresh = true })
		h.resize(w, 24)
		lines := strings.Split(ansi.Strip(h.m.View()), "\n")
		foot := lines[len(lines)-2]
		if !strings.HasSuffix(strings.TrimSpace(foot), "? help • q quit") || cells(foot) > w {
			t.Errorf("library at %d columns: footer %q", w, foot)
		}
		h.settleKeys("enter")
		lines = strings.Split(ansi.Strip(h.m.View()), "\n")
		foot = lines[len(lines)-2]
		if !strings.Contains(foot, "? help") || !strings.Contains(foot, "ctrl+c quit") || !strings.Contains(foot, "esc/q back") || cells(foot) > w {
			t.Errorf("reader at %d columns: footer %q", w, foot)
		}
		if strings.Contains(foot, "…") {
			t.Errorf("reader at %d columns: a hint is cut: %q", w, foot)
		}
	}
}

func TestHelpOverlayFitsAndShowsEveryKey(t *testing.T) {
	t.Parallel()
	for _, w := range []int{40, 80} {
		h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) { o.CanRefresh, o.HasFeeds = true, true })
		h.resize(w, 24)
		for _, screenKeys := range [][]string{nil, {"enter"}} {
			h.settleKeys(screenKeys...)
			h.settleKeys("?")
			v := ansi.Strip(h.m.View())
			lines := strings.Split(v, "\n")
			if len(lines) != 24 {
				t.Errorf("%d columns: help is %d lines", w, len(lines))
			}
			for i, l := range lines {
				if cells(l) > w {
					t.Errorf("%d columns: help line %d is %d cells: %q", w, i, cells(l), l)
				}
			}
			var keys []string
			km := h.m.c.keys
			if h.m.screen == screenReader {
				keys = []string{km.NextSection.Help().Desc, km.Jump.Help().Desc, km.HalfUp.Help().Desc, km.Copy.Help().Desc, km.PrevArticle.Help().Desc, km.ForceQuit.Help().Key}
			} else {
				keys = []string{km.PageUp.Help().Desc, km.FeedsView.Help().Desc, km.Refresh.Help().Desc, km.MarkAllRead.Help().Desc, km.ForceQuit.Help().Key}
			}
			for _, k := range keys {
				if !strings.Contains(v, k) {
					t.Errorf("%d columns, %v: help lacks %q:\n%s", w, h.m.screen, k, v)
				}
			}
			h.settleKeys("?")
		}
	}
}

func TestSizeWarningFitsAnyWidth(t *testing.T) {
	t.Parallel()
	for w := 1; w < minWidth; w++ {
		h := newAppHarness(t, libArticles(), nil)
		h.resize(w, 5)
		v := h.m.View()
		if strings.Contains(v, "\n") || cells(v) > w || v == "" {
			t.Errorf("at %dx5 the warning is %q", w, v)
		}
	}
	h := newAppHarness(t, libArticles(), nil)
	h.resize(39, 24)
	if v := h.m.View(); v != "too small: 40x10 needed" {
		t.Errorf("at 39x24: %q", v)
	}
}
