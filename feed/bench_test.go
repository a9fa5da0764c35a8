package feed

import "testing"

// BenchmarkParse10000Items parses one feed of 10,000 small HTML items,
// bodies converted to sections.
func BenchmarkParse10000Items(b *testing.B) {
	body := []byte(bigFeed(10000))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, items, err := Parse(body, "application/rss+xml", feedURL); err != nil || len(items) != 10000 {
			b.Fatal(err, len(items))
		}
	}
}

// BenchmarkParseRaw10000Items is the same feed read as a refresh reads it:
// bodies kept for converting when an article is opened. This is the
// parser's own cost.
func BenchmarkParseRaw10000Items(b *testing.B) {
	body := []byte(bigFeed(10000))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, items, err := ParseRaw(body, "application/rss+xml", feedURL); err != nil || len(items) != 10000 {
			b.Fatal(err, len(items))
		}
	}
}

// BenchmarkOldParse10000Items and BenchmarkOldParseRaw10000Items are the
// same two on the oracle, herald's gofeed-based parser before this one, so
// before and after can be measured in one run on the same machine.
func BenchmarkOldParse10000Items(b *testing.B) {
	body := []byte(bigFeed(10000))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, items, err := oracleParse(body, "application/rss+xml", feedURL, false); err != nil || len(items) != 10000 {
			b.Fatal(err, len(items))
		}
	}
}

func BenchmarkOldParseRaw10000Items(b *testing.B) {
	body := []byte(bigFeed(10000))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, items, err := oracleParse(body, "application/rss+xml", feedURL, true); err != nil || len(items) != 10000 {
			b.Fatal(err, len(items))
		}
	}
}
