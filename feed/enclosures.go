package feed

// An item's attachments. The readers collect them as written (rss.go: RSS
// <enclosure>, Media RSS media:content on the item or in a media:group,
// itunes:duration; atom.go: link rel="enclosure" and media:content;
// json.go: attachments with their sizes and durations); converter.finish
// makes articles.Enclosures of them here. Media RSS is kept apart from
// the item's enclosures (gofeed, the readers' oracle, leaves it among the
// extensions) and its images are left out: a media:content picture is the
// article's, not an attachment. enclosures_test.go is the contract.

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/herald-reader/herald/articles"
)

// mediaContent is a media:content element's attachment: its address,
// type (or, without one, its medium: "audio", "video"), size and
// duration. The element is passed over, children and all.
func (r *xmlReader) mediaContent(e *elem) enclosure {
	enc := enclosure{
		url:      r.attr(e, "url"),
		mime:     r.attr(e, "type"),
		length:   r.attr(e, "fileSize"),
		duration: r.attr(e, "duration"),
	}
	if strings.TrimSpace(enc.mime) == "" {
		enc.mime = r.attr(e, "medium")
	}
	r.skip()
	return enc
}

// mediaExtension reads a Media RSS element of an item: a media:content,
// or a media:group's media:content children, appended to list (up to
// maxEnclosures; past it, flawEnclosures), images left out. ok is false
// when e is neither, and e is left to the caller.
func (r *xmlReader) mediaExtension(e *elem, list []enclosure, rec *recovery) ([]enclosure, bool) {
	add := func(enc enclosure) {
		mime := strings.ToLower(strings.TrimSpace(enc.mime))
		if mime == "image" || strings.HasPrefix(mime, "image/") {
			return // the article's picture, not an attachment to play
		}
		if len(list) < maxEnclosures {
			list = append(list, enc)
		} else {
			rec.add(flawEnclosures)
		}
	}
	// lowerName knows only the names the readers use most.
	switch strings.ToLower(string(e.local)) {
	case "content":
		add(r.mediaContent(e))
		return list, true
	case "group":
		depth := r.depth()
		for {
			switch r.next() {
			case evEOF:
				return list, true
			case evEnd:
				if r.depth() < depth {
					return list, true
				}
			case evStart:
				c := r.top()
				if strings.EqualFold(string(c.local), "content") && r.extPrefix(strings.TrimSpace(c.space)) == "media" {
					add(r.mediaContent(c))
					continue
				}
				r.skip()
			}
		}
	}
	return list, false
}

// toEnclosures makes the model's attachments of what an item's readers
// found, in order: addresses resolve against base (the document's own
// address) and only http(s) ones stay; the same address twice is one
// attachment with what each mention knew (Media RSS often repeats an
// <enclosure> with more detail); duration, an itunes:duration, is the
// first attachment's.
func toEnclosures(list []enclosure, duration string, base *url.URL) []articles.Enclosure {
	var out []articles.Enclosure
	for _, e := range list {
		u := resolveURL(base, e.url)
		if u == "" {
			continue
		}
		enc := articles.Enclosure{
			URL:      u,
			Type:     strings.ToLower(strings.TrimSpace(plainText(e.mime))),
			Length:   parseLength(e.length),
			Duration: ParseDuration(e.duration),
		}
		merged := false
		for i := range out {
			if out[i].URL != enc.URL {
				continue
			}
			if out[i].Type == "" {
				out[i].Type = enc.Type
			}
			if out[i].Length == 0 {
				out[i].Length = enc.Length
			}
			if out[i].Duration == 0 {
				out[i].Duration = enc.Duration
			}
			merged = true
			break
		}
		if !merged {
			out = append(out, enc)
		}
	}
	if len(out) > 0 {
		if d := ParseDuration(duration); d > 0 {
			out[0].Duration = d
		}
	}
	return out
}

// parseLength reads a byte count; anything but a positive integer is
// unknown (feeds write "0", "", "unknown" and sizes in MB).
func parseLength(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// maxDuration keeps a typo ("1000:00:00") from reading as decades.
const maxDuration = 1000 * time.Hour

// ParseDuration reads a playing time in any form feeds use for
// itunes:duration and media:content: seconds ("3723", "3723.5"), colon
// forms ("1:02:03", "62:03", "03"), and words ("1h 2m 3s", "62 min").
// What it cannot read is 0: unknown.
func ParseDuration(s string) time.Duration {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0
	}
	var d time.Duration
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0
		}
		d = colonDuration(parts)
	} else if v, err := strconv.ParseFloat(s, 64); err == nil {
		if v < 0 || v > maxDuration.Seconds() {
			return 0
		}
		d = time.Duration(v * float64(time.Second))
	} else {
		r := strings.NewReplacer(" ", "", "hours", "h", "hour", "h", "hrs", "h", "hr", "h",
			"minutes", "m", "minute", "m", "mins", "m", "min", "m",
			"seconds", "s", "second", "s", "secs", "s", "sec", "s")
		var err error
		if d, err = time.ParseDuration(r.Replace(s)); err != nil || d < 0 {
			return 0
		}
	}
	if d > maxDuration {
		return 0
	}
	return d.Round(time.Second)
}

// colonDuration reads "h:m:s", "m:s" or "s": whole hours and minutes,
// seconds possibly with a fraction; anything else is 0.
func colonDuration(parts []string) time.Duration {
	var whole int64
	for _, p := range parts[:len(parts)-1] {
		v, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil || v < 0 || v > int64(maxDuration/time.Second) {
			return 0
		}
		whole = whole*60 + v
	}
	sec, err := strconv.ParseFloat(strings.TrimSpace(parts[len(parts)-1]), 64)
	if err != nil || sec < 0 || sec >= 1e9 {
		return 0
	}
	return time.Duration(whole)*time.Minute + time.Duration(sec*float64(time.Second))
}
