package store

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/herald-reader/herald/articles"
)

func TestBodyTextDropsMarkup(t *testing.T) {
	secs, _ := json.Marshal([]articles.Section{{Title: "Intro", Level: 1,
		Markdown: "Some **bold** and _em_ text, a [link](https://x.example/a_b) and `code`.\n\n> quoted\n\n# Heading\n\\*not bold\\*"}})
	got := strings.Join(strings.Fields(bodyText(string(secs), "")), " ")
	want := "Intro Some bold and em text, a link and code. quoted Heading *not bold*"
	if got != want {
		t.Errorf("markdown text\n got %q\nwant %q", got, want)
	}
	got = strings.Join(strings.Fields(bodyText("", `<p>One<br>two</p><p>thr<b>ee</b> &amp; <img alt="a cat" src="c.png"></p><style>p{}</style><script>x()</script>end`)), " ")
	want = "One two three & a cat end"
	if got != want {
		t.Errorf("HTML text\n got %q\nwant %q", got, want)
	}
	if got := bodyText("", "plain text < 5"); got != "plain text < 5" {
		t.Errorf("plain text %q", got)
	}
}

func TestWordsFollowTheIndex(t *testing.T) {
	var words []string
	text := "Naïve CAFÉ don't 東京タワー ΣΊΣΥΦΟΣ σίσυφος a_b"
	Words(text, func(start, end int, w string) {
		words = append(words, text[start:end]+"="+w)
	})
	want := []string{"Naïve=naive", "CAFÉ=cafe", "don=don", "t=t", "東=東", "京=京", "タ=タ", "ワ=ワ", "ー=ー",
		"ΣΊΣΥΦΟΣ=" + Fold("σίσυφοσ"), "σίσυφος=" + Fold("σίσυφοσ"), "a=a", "b=b"}
	if strings.Join(words, " ") != strings.Join(want, " ") {
		t.Errorf("words\n got %q\nwant %q", words, want)
	}
}

func TestTwoStoresCatchUpTogether(t *testing.T) {
	s := openTemp(t)
	other, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for i := range 3 {
		var items []articles.Article
		for j := range indexBatch {
			items = append(items, item(strings.Repeat("g", i+1)+string(rune('a'+j%26))+string(rune('a'+j/26)), "T", day0, "same words"))
		}
		save(t, s, feedA, 0, items...)
	}
	var wg sync.WaitGroup
	for _, st := range []*Store{s, other} {
		wg.Go(func() {
			if _, err := st.IndexPending(context.Background(), nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	checkIndexExact(t, s)
}
