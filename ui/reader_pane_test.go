package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/herald-reader/herald/articles"
)

// sectionsWith is an article whose sections have these titles, each with
// words words of text.
func sectionsWith(words int, titles ...string) articles.Article {
	a := articles.Article{ID: "t-" + strings.Join(titles, "|"), Title: "An article", Source: "Test"}
	for i, t := range titles {
		body := fmt.Sprintf("Section %d. ", i+1) + strings.Repeat("word ", words)
		a.Sections = append(a.Sections, articles.Section{Title: t, Level: 2, Markdown: body})
	}
	return a
}

func TestOneSectionHasNoPane(t *testing.T) {
	t.Parallel()
	a := sectionsWith(2000, articles.IntroductionTitle)
	r := openReader(t, newTestCommon(t, 80, 24), a)
	if r.layout.sectionsW != 0 || r.layout.contentW != 80 {
		t.Fatalf("one section: section pane %d wide, content %d; want none and 80", r.layout.sectionsW, r.layout.contentW)
	}
	lines := screen(r)
	if strings.Contains(lines[2], "┃▸1") || !strings.HasPrefix(lines[2], "┏") {
		t.Errorf("the content does not take the whole width, focused:\n%s", strings.Join(lines, "\n"))
	}
	if strings.Contains(strings.Join(lines, "\n"), "1/1") {
		t.Error("the header gives a place among one section")
	}
	if strings.Contains(contentText(r), articles.IntroductionTitle) {
		t.Error("the one section's made-up title is shown over its text")
	}
	r, _ = press(r, runes("j"), runes("j"))
	if r.content.YOffset != 2 {
		t.Errorf("j j scrolled to line %d, want 2", r.content.YOffset)
	}
	r, _ = press(r, tea.KeyMsg{Type: tea.KeyTab}, runes("j"))
	if r.focus != focusContent || r.content.YOffset != 3 {
		t.Errorf("after tab: focus %v, line %d; tab must not move the focus to a pane that is not there", r.focus, r.content.YOffset)
	}
	foot := lines[len(lines)-1]
	if !strings.Contains(foot, "j/k scroll") || strings.Contains(foot, "tab") || strings.Contains(foot, "section") {
		t.Errorf("footer: %q", foot)
	}
}

func TestPaneWidthFollowsTitles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		width  int
		titles []string
		want   int
	}{
		{"short titles: the minimum", 100, []string{"One", "Two"}, 20},
		{"titles that fit: as wide as the widest", 100, []string{"A title of thirty cells, yes!", "Two"}, 3 + 29 + 2},
		{"long titles: 40% at most", 100, []string{strings.Repeat("long ", 20), "Two"}, 40},
		{"narrow screen: 40% even under 20", 40, []string{"A fairly long title here", "Two"}, 16},
		{"wide screen", 200, []string{strings.Repeat("long ", 20), "Two"}, 80},
	} {
		r := openReader(t, newTestCommon(t, tc.width, 30), sectionsWith(10, tc.titles...))
		if r.layout.sectionsW != tc.want {
			t.Errorf("%s: pane %d wide at %d columns, want %d", tc.name, r.layout.sectionsW, tc.width, tc.want)
		}
	}
}

func TestSelectedTitleIsWholeOthersEndInEllipsis(t *testing.T) {
	t.Parallel()
	long := "Impact of US-Venezuela Relations: The Stakes for Oil"
	a := sectionsWith(10, "Introduction", long, "Another very long title that cannot fit at all here")
	r := openReader(t, newTestCommon(t, 80, 24), a)
	w := r.layout.sectionsInnerW()
	pane := func() []string {
		var rows []string
		for _, l := range screen(r)[3:8] {
			rows = append(rows, strings.TrimRight(ansi.Cut(l, 1, 1+w), " "))
		}
		return rows
	}
	rows := pane()
	if !strings.HasSuffix(rows[1], "…") || !strings.HasSuffix(rows[2], "…") {
		t.Errorf("long titles not cut with an ellipsis:\n%s", strings.Join(rows, "\n"))
	}
	r, _ = press(r, runes("2"))
	rows = pane()
	got := strings.Join(strings.Fields(strings.Join(rows[1:4], " ")), " ")
	if !strings.Contains(got, "▸2 "+long) {
		t.Errorf("the selected title is not whole:\n%s", strings.Join(rows, "\n"))
	}
	if !strings.HasSuffix(rows[4], "…") || !strings.HasPrefix(rows[4], " 3 Another") {
		t.Errorf("the row after a wrapped title: %q", rows[4])
	}
	// A click on the second line of the selected title stays on it; the
	// next row down is the next section.
	r = mouse(r, tea.MouseMsg{X: 3, Y: r.layout.paneTop + 1 + 2, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if r.selected != 1 {
		t.Errorf("click on the selected title's second line selected %d", r.selected)
	}
	r = mouse(r, tea.MouseMsg{X: 3, Y: r.layout.paneTop + 1 + 4, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if r.selected != 2 {
		t.Errorf("click below the wrapped title selected %d, want section 3", r.selected)
	}
}

func TestPaneShowsReadingTimeAndHeaderThePlace(t *testing.T) {
	t.Parallel()
	a := sectionsWith(230*4-3, "One", "Two", "Three", "A title much too long to leave room for the reading time", "Five", "Six", "Seven")
	r := openReader(t, newTestCommon(t, 100, 30), a)
	lines := screen(r)
	if row := lines[3]; !strings.Contains(row, "▸1 One") || !strings.Contains(row, "4 min┃") {
		t.Errorf("first row has no reading time: %q", row)
	}
	if row := lines[6]; strings.Contains(row, "min") {
		t.Errorf("a cut title gave its room to the reading time: %q", row)
	}
	if !strings.HasSuffix(strings.TrimRight(lines[1], " "), "1/7") {
		t.Errorf("header does not say where the reader is: %q", lines[1])
	}
	r, _ = press(r, runes("3"))
	if head := screen(r)[1]; !strings.HasSuffix(strings.TrimRight(head, " "), "3/7") {
		t.Errorf("after 3 the header says %q", head)
	}
}

func TestLongTitleWrapsOrEndsInEllipsis(t *testing.T) {
	t.Parallel()
	a := testArticle()
	a.Title = "Ratcliffe's Diplomatic Mission in Venezuela: What It Means for Oil, Migration and the Region, Explained at Length for Those Who Have the Time to Read It All, and Then Some More"
	r := openReader(t, newTestCommon(t, 80, 24), a)
	lines := screen(r)
	first, second := strings.TrimSpace(lines[0]), strings.TrimSpace(lines[1])
	if !strings.HasPrefix(first, "Ratcliffe's") || !strings.HasSuffix(second, "…") {
		t.Errorf("80x24: the title does not wrap onto a second line ending in an ellipsis:\n%s\n%s", lines[0], lines[1])
	}
	if !strings.Contains(lines[2], "Dallas Living") {
		t.Errorf("80x24: the details are not under the title: %q", lines[2])
	}
	r = openReader(t, newTestCommon(t, 80, 12), a)
	if head := strings.TrimSpace(screen(r)[0]); !strings.Contains(head, "…") {
		t.Errorf("80x12: a one-line header cuts the title without an ellipsis: %q", head)
	}
}
