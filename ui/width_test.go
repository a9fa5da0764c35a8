package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// hardText is one of each kind of text that terminals disagree on.
var hardText = map[string]string{
	"skin tone":        "👍🏽",
	"ZWJ family":       "👨\u200d👩\u200d👧",
	"ZWJ profession":   "👩\u200d🔬",
	"flag":             "🇫🇷",
	"keycap":           "1️⃣",
	"variation sel.":   "❤️",
	"rainbow flag":     "🏳️\u200d🌈",
	"tag flag":         "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
	"combining mark":   "é",
	"CJK":              "漢字",
	"fullwidth":        "ＡＢ",
	"Hangul jamo":      "각",
	"Devanagari":       "क्षि",
	"Hebrew":           "שלום",
	"Arabic with ZWNJ": "می\u200cخواهم",
	"plain emoji":      "😀",
}

// TestMeasureCoversEveryTerminal checks that cells is never less than what
// any kind of terminal draws, and the narrowest count never more.
func TestMeasureCoversEveryTerminal(t *testing.T) {
	t.Parallel()
	for name, s := range hardText {
		for _, text := range []string{s, "a" + s + "b", "\x1b[1m" + s + "\x1b[0m" + s} {
			most, least := measure(text)
			for _, k := range terminalKinds {
				g := newTermGrid(k, 200, 1)
				drawn := g.drawLine(t, 0, text)
				if drawn > most || drawn < least {
					t.Errorf("%s %q: a %s terminal draws %d cells, measured %d to %d", name, text, k, drawn, least, most)
				}
			}
		}
	}
}

func TestFitLineFitsAndKeepsTheBorderInPlace(t *testing.T) {
	t.Parallel()
	for name, s := range hardText {
		for _, w := range []int{1, 2, 3, 5, 9} {
			line := fitLine("x"+strings.Repeat(s, 3), w)
			for _, k := range terminalKinds {
				border := "|"
				if anchored(line) {
					border = cha(w+1) + "|"
				}
				g := newTermGrid(k, w+1, 1)
				g.drawLine(t, 0, line+border)
				if got := g.last(0); got != "|" {
					t.Errorf("%s at %d in a %s terminal: the border is not in its column: %q", name, w, k, g.row(0))
				}
				if strings.Contains(g.row(0), "#") {
					t.Errorf("%s at %d in a %s terminal: cells from before are left: %q", name, w, k, g.row(0))
				}
			}
		}
	}
}

func TestFitLineASCIIIsPlain(t *testing.T) {
	t.Parallel()
	if got := fitLine("\x1b[1mhello\x1b[0m", 8); got != "\x1b[1mhello\x1b[0m   " {
		t.Errorf("fitLine = %q", got)
	}
	if got := fitLine("hello world", 5); got != "hello" {
		t.Errorf("fitLine cut = %q", got)
	}
	if got := fitLine("a\tb", 12); ansi.Strip(got) != "a       b   " {
		t.Errorf("tab not expanded to its stop: %q", got)
	}
	// Fitting again, to another width, takes the old erase off first.
	l := fitLine("👍🏽 ok", 10)
	if !anchored(l) {
		t.Fatalf("a skin tone line is not anchored: %q", l)
	}
	if again := fitLine(l, 12); strings.Count(again, "X") != 1 || !anchored(again) {
		t.Errorf("refit %q", again)
	}
}

func TestFitRowNeverReachesTheEdgeWhenUnsure(t *testing.T) {
	t.Parallel()
	for name, s := range hardText {
		for _, w := range []int{3, 6, 11} {
			row := fitRow(strings.Repeat(s+" ", 6), w)
			for _, k := range terminalKinds {
				g := newTermGrid(k, w, 1)
				g.drawFrame(t, row)
				if strings.Contains(g.row(0), "#") {
					t.Errorf("%s at %d in a %s terminal leaves cells from before: %q", name, w, k, g.row(0))
				}
			}
		}
	}
}

func TestTruncateWithTail(t *testing.T) {
	t.Parallel()
	got := truncate("\x1b[1m👍🏽👍🏽👍🏽\x1b[0m", 7, "…")
	if cells(got) > 7 || !strings.HasSuffix(got, "…\x1b[0m") {
		t.Errorf("truncate = %q (%d cells)", got, cells(got))
	}
	if got := truncate("short", 10, "…"); got != "short" {
		t.Errorf("truncate of a short line = %q", got)
	}
}

func TestWrapLinesLosesNoText(t *testing.T) {
	t.Parallel()
	long := "  \x1b[4mhttps://example.com/" + strings.Repeat("very-long-path-", 6) + "end\x1b[0m"
	out := wrapLines([]string{long, "short"}, 30)
	var text strings.Builder
	for _, l := range out {
		if cells(l) != 30 {
			t.Errorf("line %q is %d cells, want 30", l, cells(l))
		}
		text.WriteString(strings.TrimSpace(ansi.Strip(l)))
	}
	want := "https://example.com/" + strings.Repeat("very-long-path-", 6) + "endshort"
	if text.String() != want {
		t.Errorf("wrapped text\n%q\nwant\n%q", text.String(), want)
	}
	if len(out) < 4 || !strings.HasPrefix(ansi.Strip(out[1]), "  ") {
		t.Errorf("continuation lines not indented like the line: %q", out)
	}
	// Each piece carries the underline on, and closes it.
	for _, l := range out[:len(out)-1] {
		if !strings.Contains(l, "\x1b[4m") || !strings.Contains(l, "\x1b[0m") {
			t.Errorf("piece %q lost its style", l)
		}
	}
}

func TestWrapText(t *testing.T) {
	t.Parallel()
	got := wrapText("The Context of the Meeting: A Power Shift", 16)
	want := []string{"The Context of", "the Meeting: A", "Power Shift"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrapText = %q, want %q", got, want)
	}
	for _, l := range wrapText("日本語の見出しとても長いタイトルです", 7) {
		if cells(l) > 7 {
			t.Errorf("wrapped CJK line %q is %d cells", l, cells(l))
		}
	}
}
