package main

// The generated content: feeds, their items, and the article pages of
// summary feeds, every byte from the seeded random stream.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// renderRSS leaves out the feed's own URL so that the bytes, and so the
// ETags, do not depend on the port.
func renderRSS(rng *rand.Rand, o options, i int, modified time.Time) []byte {
	var b bytes.Buffer
	site := fmt.Sprintf("https://site%d.example/", i+1)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` + "\n<channel>\n")
	fmt.Fprintf(&b, "<title>Synthetic Feed %d</title>\n<link>%s</link>\n", i+1, site)
	fmt.Fprintf(&b, "<description>Benchmark feed %d of herald's feedserver</description>\n", i+1)
	fmt.Fprintf(&b, "<language>en</language>\n<lastBuildDate>%s</lastBuildDate>\n", modified.Format(time.RFC1123Z))
	for j := range o.items {
		title := titleCase(words(rng, 4+rng.IntN(6)))
		link := fmt.Sprintf("%sposts/%d-%d", site, i+1, j+1)
		// Items are spaced a few hours apart, newest first, as a real feed lists them.
		pub := modified.Add(-time.Duration(j)*3*time.Hour - time.Duration(rng.IntN(3600))*time.Second)
		body := itemHTML(rng, o.itemBytes, site)
		b.WriteString("<item>\n")
		fmt.Fprintf(&b, "<title>%s</title>\n<link>%s</link>\n", title, link)
		fmt.Fprintf(&b, "<guid isPermaLink=\"false\">feedserver-%d-%d-%d</guid>\n", o.seed, i+1, j+1)
		fmt.Fprintf(&b, "<pubDate>%s</pubDate>\n", pub.Format(time.RFC1123Z))
		fmt.Fprintf(&b, "<author>writer%d@site%d.example (Writer %d)</author>\n", j%5+1, i+1, j%5+1)
		fmt.Fprintf(&b, "<description>%s</description>\n", sentence(rng))
		// The generated text never holds "]]>", so CDATA needs no splitting.
		fmt.Fprintf(&b, "<content:encoded><![CDATA[%s]]></content:encoded>\n", body)
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel>\n</rss>\n")
	return b.Bytes()
}

// renderSummaries is a feed of one-sentence summaries whose items link to
// their whole articles, served by this server at the same address (the
// links are relative, so the bytes do not depend on the port), and those
// pages.
func renderSummaries(rng *rand.Rand, o options, i int, modified time.Time) ([]byte, map[string]page) {
	var b bytes.Buffer
	pages := make(map[string]page, o.items)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<rss version=\"2.0\">\n<channel>\n")
	fmt.Fprintf(&b, "<title>Summary Feed %d</title>\n<link>/</link>\n", i+1)
	fmt.Fprintf(&b, "<description>Benchmark summary feed %d of herald's feedserver</description>\n", i+1)
	fmt.Fprintf(&b, "<lastBuildDate>%s</lastBuildDate>\n", modified.Format(time.RFC1123Z))
	for j := range o.items {
		title := titleCase(words(rng, 4+rng.IntN(6)))
		path := fmt.Sprintf("/posts/%d-%d", i+1, j+1)
		pub := modified.Add(-time.Duration(j)*3*time.Hour - time.Duration(rng.IntN(3600))*time.Second)
		b.WriteString("<item>\n")
		fmt.Fprintf(&b, "<title>%s</title>\n<link>%s</link>\n", title, path)
		fmt.Fprintf(&b, "<guid isPermaLink=\"false\">feedserver-%d-%d-%d</guid>\n", o.seed, i+1, j+1)
		fmt.Fprintf(&b, "<pubDate>%s</pubDate>\n", pub.Format(time.RFC1123Z))
		fmt.Fprintf(&b, "<description>%s</description>\n", sentence(rng))
		b.WriteString("</item>\n")
		delay := o.pageMinDelay
		if span := o.pageMaxDelay - o.pageMinDelay; span > 0 {
			delay += time.Duration(rng.Int64N(int64(span) + 1))
		}
		pages[path] = page{body: pageHTML(rng, o.pageBytes, title), delay: delay.Round(time.Millisecond)}
	}
	b.WriteString("</channel>\n</rss>\n")
	return b.Bytes(), pages
}

// pageHTML is a news site's article page of about size bytes, shaped like
// real ones: a head of styles, navigation, the article (some 1,500 words
// under a few subheadings), a sidebar and a footer, and then what makes
// real pages heavy, inline scripts and data.
func pageHTML(rng *rand.Rand, size int, title string) []byte {
	var b bytes.Buffer
	b.Grow(size + 4096)
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s | Synthetic News</title>\n", title)
	b.WriteString(`<meta property="og:site_name" content="Synthetic News">` + "\n<style>")
	for k := range 60 {
		fmt.Fprintf(&b, ".c%d{margin:0 %dpx;color:#%03x}", k, k%9, k*37%4096)
	}
	b.WriteString("</style></head>\n<body><header><nav>")
	for k := range 80 {
		fmt.Fprintf(&b, `<a href="/section/%d">%s</a> `, k, titleCase(words(rng, 1)))
	}
	fmt.Fprintf(&b, "</nav></header>\n<main><article><h1>%s</h1>\n<p class=\"byline\">By Writer %d</p>\n", title, rng.IntN(20)+1)
	for part := range 4 {
		if part > 0 {
			fmt.Fprintf(&b, "<h2>%s</h2>\n", titleCase(words(rng, 3+rng.IntN(4))))
		}
		for range 4 {
			b.WriteString("<p>")
			for k := 4 + rng.IntN(4); k > 0; k-- {
				b.WriteString(sentence(rng))
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, `<a href="/reports/%d">%s</a>.</p>`+"\n", rng.IntN(10000), words(rng, 3))
		}
	}
	b.WriteString("</article></main>\n<aside><h3>Most read</h3><ul>")
	for k := range 20 {
		fmt.Fprintf(&b, `<li><a href="/posts/x-%d">%s</a></li>`, k, titleCase(words(rng, 5)))
	}
	b.WriteString("</ul></aside>\n<footer><p>About · Jobs · Contact</p></footer>\n")
	for b.Len() < size-100 {
		b.WriteString(`<script>window.__DATA__=(window.__DATA__||[]).concat([`)
		for k := 0; k < 40 && b.Len() < size-150; k++ {
			fmt.Fprintf(&b, `{"id":%d,"slug":"%s","score":%d},`, rng.IntN(1e6), strings.ReplaceAll(words(rng, 3), " ", "-"), rng.IntN(100))
		}
		b.WriteString("{}]);</script>\n")
	}
	b.WriteString("</body></html>\n")
	return b.Bytes()
}

// itemHTML builds an article of about size bytes with the parts a real one
// has: paragraphs, a subheading, a list and links.
func itemHTML(rng *rand.Rand, size int, site string) string {
	var b strings.Builder
	paragraph := func() {
		b.WriteString("<p>")
		for k := 3 + rng.IntN(4); k > 0; k-- {
			b.WriteString(sentence(rng))
			b.WriteByte(' ')
		}
		b.WriteString("</p>\n")
	}
	paragraph()
	fmt.Fprintf(&b, "<p>As <a href=\"%sreports/%d\">the earlier report</a> put it, %s</p>\n",
		site, rng.IntN(10000), lowerFirst(sentence(rng)))
	fmt.Fprintf(&b, "<h2>%s</h2>\n", titleCase(words(rng, 3+rng.IntN(4))))
	paragraph()
	b.WriteString("<ul>\n")
	for k := 3 + rng.IntN(3); k > 0; k-- {
		fmt.Fprintf(&b, "<li>%s</li>\n", sentence(rng))
	}
	b.WriteString("</ul>\n")
	for b.Len() < size-200 {
		paragraph()
	}
	fmt.Fprintf(&b, "<p><em>%s</em></p>\n", sentence(rng))
	return b.String()
}

func sentence(rng *rand.Rand) string {
	w := words(rng, 8+rng.IntN(12))
	return strings.ToUpper(w[:1]) + w[1:] + "."
}

func words(rng *rand.Rand, n int) string {
	parts := make([]string, n)
	for k := range parts {
		parts[k] = vocabulary[rng.IntN(len(vocabulary))]
	}
	return strings.Join(parts, " ")
}

func titleCase(s string) string {
	parts := strings.Fields(s)
	for k, p := range parts {
		parts[k] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, " ")
}

func lowerFirst(s string) string {
	return strings.ToLower(s[:1]) + s[1:]
}

var vocabulary = strings.Fields(`
	government policy market report analysts city council river bridge school
	teachers budget season energy prices weather storm coast harbour railway
	station museum library election voters survey research university study
	science climate water farmers harvest industry workers union talks court
	ruling judge minister parliament summit trade agreement exports imports
	company shares investors growth inflation bank rates housing rent tenants
	hospital doctors patients health clinic vaccine software network security
	data privacy startup founders product launch festival music film theatre
	artists gallery exhibition football league match players coach stadium
	the a of and to in on for with about after before during across between
	new old local national regional early late major minor quiet sudden rapid
	says said expects warned announced reported confirmed denied planned
	opened closed raised cut built moved signed rejected approved delayed
`)
