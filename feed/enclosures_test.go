package feed

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
)

// These fixtures are the contract for any parser behind Parse: each of the
// four places feeds keep attachments, with what the reader must show.
func TestEnclosuresFromEveryFormat(t *testing.T) {
	t.Parallel()
	type want map[string][]articles.Enclosure // by item title
	cases := []struct {
		file, contentType, feedURL string
		want                       want
	}{
		{"rss-podcast.xml", "application/rss+xml", "https://pod.example.com/feed.xml", want{
			"Episode 1": {{URL: "https://cdn.example.com/ep1.mp3", Type: "audio/mpeg", Length: 45678901, Duration: time.Hour + 2*time.Minute + 3*time.Second}},
			// A relative address resolves against the feed's; a length
			// that is not a number is unknown.
			"Episode 2": {{URL: "https://pod.example.com/media/ep2.m4a", Type: "audio/x-m4a", Duration: 62*time.Minute + 3*time.Second}},
			"Episode 3": {{URL: "https://cdn.example.com/ep3.mp3", Type: "audio/mpeg", Duration: 3723 * time.Second}},
			// Only http and https attachments are kept.
			"Not a web address": nil,
		}},
		{"atom-enclosure.xml", "application/atom+xml", "https://atom.example.com/feed.atom", want{
			"Talk recording": {
				{URL: "https://atom.example.com/talk.mp4", Type: "video/mp4", Length: 123456789},
				{URL: "https://atom.example.com/slides.pdf", Type: "application/pdf", Length: 2048},
			},
			// Media RSS in Atom, a thumbnail left out.
			"A video, as YouTube lists it": {{URL: "https://atom.example.com/v/2", Type: "application/x-shockwave-flash"}},
		}},
		{"media-rss.xml", "application/rss+xml", "https://video.example.com/feed.xml", want{
			"A video": {{URL: "https://video.example.com/v1.webm", Type: "video/webm", Length: 9876543, Duration: 754 * time.Second}},
			"Grouped": {
				{URL: "https://video.example.com/v2-hd.mp4", Type: "video/mp4", Length: 5000000, Duration: 90 * time.Second},
				{URL: "https://video.example.com/v2-sd.mp4", Type: "video/mp4", Length: 2000000, Duration: 90 * time.Second},
			},
			// A media:content picture is the article's, not an attachment.
			"A picture is not an attachment": nil,
			// The same file as <enclosure> and media:content is one
			// attachment with what each of them knew.
			"Enclosure and media:content for the same file": {{URL: "https://video.example.com/v3.mp3", Type: "audio/mpeg", Length: 321, Duration: 42 * time.Second}},
		}},
		{"jsonfeed-attachments.json", "application/feed+json", "https://json.example.com/feed.json", want{
			"JSON episode": {
				{URL: "https://json.example.com/j1.mp3", Type: "audio/mpeg", Length: 1234567, Duration: 30 * time.Minute},
				{URL: "https://json.example.com/j1.ogg", Type: "audio/ogg"},
			},
			"No attachments": nil,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "enclosures", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, parse := range []func([]byte, string, string) (string, []articles.Article, error){Parse, ParseRaw} {
				_, items, err := parse(body, tc.contentType, tc.feedURL)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				got := want{}
				for _, it := range items {
					got[it.Title] = it.Enclosures
				}
				if len(got) != len(tc.want) {
					t.Errorf("items %v, want %d", keys(got), len(tc.want))
				}
				for title, w := range tc.want {
					if g, ok := got[title]; !ok || !reflect.DeepEqual(g, w) {
						t.Errorf("%q: enclosures\n got %+v\nwant %+v", title, g, w)
					}
				}
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestParseDurationForms(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{
		"1:02:03":              time.Hour + 2*time.Minute + 3*time.Second,
		"01:02:03":             time.Hour + 2*time.Minute + 3*time.Second,
		"62:03":                62*time.Minute + 3*time.Second,
		"2:03":                 2*time.Minute + 3*time.Second,
		"03":                   3 * time.Second,
		"3723":                 3723 * time.Second,
		"3723.6":               3724 * time.Second,
		" 45 ":                 45 * time.Second,
		"1:02:03.4":            time.Hour + 2*time.Minute + 3*time.Second,
		"1h 2m 3s":             time.Hour + 2*time.Minute + 3*time.Second,
		"62 min":               62 * time.Minute,
		"45 mins":              45 * time.Minute,
		"90 seconds":           90 * time.Second,
		"":                     0,
		"soon":                 0,
		"-5":                   0,
		"1:2:3:4":              0,
		"1:xx":                 0,
		"1.5:00":               0,
		"99999999999999999999": 0,
		"1e300":                0,
	} {
		if got := ParseDuration(in); got != want {
			t.Errorf("ParseDuration(%q) = %v, want %v", in, got, want)
		}
	}
}
