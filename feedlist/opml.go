package feedlist

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Import reads an OPML 1.0/2.0 document or a newsboat urls file and returns
// its feeds. Nothing is written: the caller adds the entries (AddAll), so a
// malformed file changes nothing. Warnings name entries that were skipped,
// such as newsboat's query:, exec: and filter: lines, which herald never
// runs.
func Import(data []byte) (entries []Entry, warnings []string, err error) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	if len(trimmed) == 0 {
		return nil, nil, errors.New("the file is empty")
	}
	if trimmed[0] == '<' {
		return importOPML(data)
	}
	return importURLs(data)
}

type opmlDoc struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    opmlHead `xml:"head"`
	Body    opmlBody `xml:"body"`
}

type opmlBody struct {
	Outlines []opmlOutline `xml:"outline"`
}

type opmlHead struct {
	Title       string `xml:"title"`
	DateCreated string `xml:"dateCreated,omitempty"`
}

type opmlOutline struct {
	Text     string `xml:"text,attr"`
	Title    string `xml:"title,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	XMLURL   string `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string `xml:"htmlUrl,attr,omitempty"`
	Category string `xml:"category,attr,omitempty"`
	// FullText is herald's own: the feed's fulltext setting, "yes" when on.
	FullText string        `xml:"fulltext,attr,omitempty"`
	Outlines []opmlOutline `xml:"outline"`
}

func importOPML(data []byte) ([]Entry, []string, error) {
	var doc opmlDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel
	if err := dec.Decode(&doc); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, fmt.Errorf("OPML: malformed XML at line %d: %s", se.Line, se.Msg)
		}
		var ue xml.UnmarshalError
		if errors.As(err, &ue) || strings.Contains(err.Error(), "expected element type") {
			return nil, nil, errors.New("not an OPML file: the root element is not <opml>")
		}
		return nil, nil, fmt.Errorf("OPML: %v", err)
	}
	var (
		entries  []Entry
		warnings []string
		seen     = make(map[string]bool)
	)
	var walk func(outs []opmlOutline, folders []string)
	walk = func(outs []opmlOutline, folders []string) {
		for _, o := range outs {
			name := strings.TrimSpace(o.Title)
			if name == "" {
				name = strings.TrimSpace(o.Text)
			}
			u := strings.TrimSpace(o.XMLURL)
			if u == "" {
				// An outline without a feed address is a folder: its
				// name becomes a tag of every feed inside it.
				sub := folders
				if name != "" {
					sub = append(append([]string(nil), folders...), name)
				}
				walk(o.Outlines, sub)
				continue
			}
			if err := checkFeedURL(u); err != nil {
				warnings = append(warnings, fmt.Sprintf("skipped %s", err))
				continue
			}
			if seen[urlKey(u)] {
				warnings = append(warnings, fmt.Sprintf("skipped %s: listed twice", u))
				continue
			}
			seen[urlKey(u)] = true
			e := Entry{URL: u}
			if name != u {
				e.Title = name
			}
			e.Tags = appendTags(append([]string(nil), folders...), categoryTags(o.Category)...)
			if isYes(o.FullText) {
				e.Settings = map[string]string{FullTextKey: "yes"}
			}
			entries = append(entries, e)
			// Some readers nest feeds under a feed; keep those too.
			walk(o.Outlines, folders)
		}
	}
	walk(doc.Body.Outlines, nil)
	return entries, warnings, nil
}

// categoryTags splits an OPML 2.0 category attribute ("/News/World,tech").
func categoryTags(cat string) []string {
	var out []string
	for _, c := range strings.Split(cat, ",") {
		c = strings.Trim(strings.TrimSpace(c), "/")
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

func appendTags(tags []string, more ...string) []string {
	for _, m := range more {
		dup := false
		for _, t := range tags {
			if t == m {
				dup = true
				break
			}
		}
		if !dup {
			tags = append(tags, m)
		}
	}
	return tags
}

func importURLs(data []byte) ([]Entry, []string, error) {
	var (
		entries  []Entry
		warnings []string
		seen     = make(map[string]bool)
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		toks, err := tokenize(line)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", n, err)
		}
		first := toks[0].text
		if kind := commandKind(first); kind != "" {
			warnings = append(warnings, fmt.Sprintf("line %d: skipped the %s entry (herald never runs commands or queries)", n, kind))
			continue
		}
		e := Entry{URL: first}
		if err := checkFeedURL(first); err != nil {
			if !strings.Contains(first, "://") {
				return nil, nil, fmt.Errorf("line %d: expected a feed address, got %q", n, first)
			}
			warnings = append(warnings, fmt.Sprintf("line %d: skipped %s", n, err))
			continue
		}
		for _, t := range toks[1:] {
			switch {
			case t.text == "!":
				// newsboat's hidden-feed marker.
				if e.Settings == nil {
					e.Settings = make(map[string]string)
				}
				e.Settings["hidden"] = "on"
			case strings.HasPrefix(t.text, "~"):
				e.Title = strings.TrimSpace(t.text[1:])
			case t.text != "":
				e.Tags = appendTags(e.Tags, t.text)
			}
		}
		if seen[urlKey(e.URL)] {
			warnings = append(warnings, fmt.Sprintf("line %d: skipped %s: listed twice", n, e.URL))
			continue
		}
		seen[urlKey(e.URL)] = true
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	return entries, warnings, nil
}

// commandKind names newsboat's entries that run programs or filter other
// feeds; herald skips them all.
func commandKind(first string) string {
	lower := strings.ToLower(first)
	switch {
	case strings.HasPrefix(lower, "query:"):
		return "query:"
	case strings.HasPrefix(lower, "exec:"):
		return "exec:"
	case strings.HasPrefix(lower, "filter:"):
		return "filter:"
	case strings.HasPrefix(first, "|"):
		return "|command"
	}
	return ""
}

// ExportOPML writes entries as an OPML 2.0 document, tags in each outline's
// category attribute and herald's fulltext setting in a fulltext attribute
// (other readers ignore it, herald's import reads it back), that other feed
// readers can import.
func ExportOPML(w io.Writer, entries []Entry) error {
	doc := opmlDoc{
		Version: "2.0",
		Head: opmlHead{
			Title:       "herald feeds",
			DateCreated: time.Now().UTC().Format(time.RFC1123Z),
		},
	}
	for _, e := range entries {
		name := e.Title
		if name == "" {
			name = e.URL
		}
		o := opmlOutline{
			Text:     name,
			Title:    name,
			Type:     "rss",
			XMLURL:   e.URL,
			Category: strings.Join(e.Tags, ","),
		}
		if e.FullText() {
			o.FullText = "yes"
		}
		doc.Body.Outlines = append(doc.Body.Outlines, o)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
