package feed

import "testing"

// BenchmarkParse10000Items parses one feed of 10,000 small HTML items.
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
