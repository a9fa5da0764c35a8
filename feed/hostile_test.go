package feed

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostile builds a document of about size bytes: head, then unit repeated,
// then tail.
func hostile(head, unit, tail string, size int) []byte {
	var b bytes.Buffer
	b.Grow(size + len(head) + len(tail))
	b.WriteString(head)
	for b.Len() < size {
		b.WriteString(unit)
	}
	b.WriteString(tail)
	return b.Bytes()
}

const rssHead = `<?xml version="1.0"?><rss version="2.0" xmlns:x="urn:x"><channel><title>Hostile</title><item><title>first</title>`

// The feed that killed herald with "fatal error: stack overflow": two
// million nested elements in a namespace. It must be one clear error for
// the feed, found before anything deep is built.
func TestTwoMillionNestedElementsAreRefused(t *testing.T) {
	n := 2_000_000
	cases := map[string][]byte{
		"in an item":       []byte(rssHead + strings.Repeat("<x:a>", n) + strings.Repeat("</x:a>", n) + "</item></channel></rss>"),
		"never closed":     []byte(rssHead + strings.Repeat("<x:a>", n)),
		"in a description": []byte(rssHead + "<description>" + strings.Repeat("<x:a>", n) + "</description></item></channel></rss>"),
		"in Atom content": []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml">` +
			strings.Repeat("<div>", n) + `</content></entry></feed>`),
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Read(doc, "", feedURL, Raw)
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want the nesting limit", err)
			}
			if !strings.Contains(err.Error(), "nested more than 1,000 deep") || le.Line == 0 {
				t.Errorf("message %q should name the limit and where", err)
			}
		})
	}
}

// hostileFeeds are 16 MiB documents, each built to cost a naive parser
// memory or time in a different way.
func hostileFeeds() map[string][]byte {
	const size = 16 << 20
	return map[string][]byte{
		"deep":       hostile(rssHead, "<x:a>", "", size),
		"deep-ok":    hostile(`<rss><channel><item><title>t</title>`, strings.Repeat("<x:a>", 990)+strings.Repeat("</x:a>", 990), "</item></channel></rss>", size),
		"items":      hostile(`<rss><channel><title>t</title>`, "<item><title>x</title></item>", "</channel></rss>", size),
		"one-body":   hostile(`<rss><channel><item><title>t</title><description>`, "&lt;p&gt;words &amp; more words&lt;/p&gt; ", "</description></item></channel></rss>", size),
		"attributes": hostile(`<rss><channel><item><enclosure `, `a="1" `, `/></item></channel></rss>`, size),
		"namespaces": hostile(`<rss><channel>`, `<item xmlns:a="urn:a" xmlns:b="urn:b"><title>x</title></item>`, `</channel></rss>`, size),
		"text":       hostile(`<rss><channel><item><title>`, "a", `</title></item></channel></rss>`, size),
		"cdata":      hostile(`<rss><channel><item><description><![CDATA[`, "<p>x</p>", `</description></item></channel></rss>`, size),
		"entities":   hostile(`<rss><channel><item><title>`, "&amp;&#38;&x;&", `</title></item></channel></rss>`, size),
		"json":       hostile(`{"version":"https://jsonfeed.org/version/1.1","items":[`, `{"id":"1","title":"x"},`, `{}]}`, size),
	}
}

// peakHeap runs f and returns the most heap it saw in use while f ran,
// sampled every millisecond, above what was in use before.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > peak {
				peak = v - base
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peak
}

// Three 16 MiB hostile feeds parsed at once, as a refresh does, must stay
// well under 1 GiB, whatever each is built to do.
func TestThreeHostileFeedsAtOnceStayUnderAGigabyte(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds 160 MiB of hostile feeds")
	}
	feeds := hostileFeeds()
	for name, doc := range feeds {
		peak := peakHeap(func() {
			var wg sync.WaitGroup
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, _ = Read(doc, "", feedURL, Raw)
				}()
			}
			wg.Wait()
		})
		t.Logf("%-10s three at once: peak heap %4d MiB (%.1f× the input)", name, peak>>20, float64(peak)/float64(3*len(doc)))
		if peak > 1<<30 {
			t.Errorf("%s: three at once peaked at %d MiB", name, peak>>20)
		}
	}
}

// What a hostile feed costs in allocation per byte of input stays small
// and does not grow with its size.
func TestAllocationPerInputByteIsBounded(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("parses hostile feeds")
	}
	for name, doc := range hostileFeeds() {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _ = Read(doc, "", feedURL, Raw)
		runtime.ReadMemStats(&after)
		perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(doc))
		t.Logf("%-10s %5.2f bytes allocated per input byte", name, perByte)
		if perByte > 10 {
			t.Errorf("%s allocates %.1f bytes per input byte", name, perByte)
		}
	}
}

// BenchmarkHostile reports each hostile feed's cost; B/op over the input
// size is the allocation per input byte.
func BenchmarkHostile(b *testing.B) {
	for name, doc := range hostileFeeds() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Read(doc, "", feedURL, Raw)
			}
		})
	}
}

func ExampleLimitError() {
	doc := rssHead + strings.Repeat("<x:a>", 1001)
	_, err := Read([]byte(doc), "", "https://example.com/feed", Raw)
	fmt.Println(err)
	// Output: the feed was refused: it has elements nested more than 1,000 deep (at line 1)
}
