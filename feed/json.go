package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// readJSON reads a JSON Feed (1.0, 1.1) or an RSS-in-JSON document (the
// Scripting News format: RSS 2.0 with JSON syntax). It is lenient the way
// the JSON Feed spec asks readers to be: a field of the wrong type costs
// that field, never the feed, and a value with an obvious reading (a
// number for a string, one object for a list of them) is read so. The
// items are decoded one at a time, so a document cut off keeps the items
// before the cut.
func readJSON(doc []byte, rec *recovery, out *sink) (channel, error) {
	dec := json.NewDecoder(bytes.NewReader(jsonControls(doc)))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return channel{}, jsonError(err, dec)
	}
	var ch channel
	isFeed := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return ch, cutJSON(jsonError(err, dec), out, rec)
		}
		k, _ := key.(string)
		// Keys match in any case, as encoding/json matches them, and so
		// every Go reader that decodes JSON Feed into a struct.
		k = strings.ToLower(k)
		switch k {
		case "items":
			isFeed = true
			if err := jsonItems(dec, out, rec); err != nil {
				return ch, cutJSON(err, out, rec)
			}
			if out.full() {
				return ch, nil
			}
			continue
		case "rss", "channel":
			isFeed = true
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return ch, cutJSON(jsonError(err, dec), out, rec)
			}
			if c := rssInJSON(k, raw, rec, out); ch.title == "" {
				ch = c
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return ch, cutJSON(jsonError(err, dec), out, rec)
		}
		switch k {
		case "version":
			if v, _ := jsonString(raw); strings.Contains(v, "jsonfeed.org") {
				isFeed = true
			}
		case "title":
			ch.title = jsonField(raw, "the feed's title", rec)
		case "home_page_url":
			ch.link = jsonField(raw, "the feed's home page", rec)
		}
	}
	if !isFeed {
		return ch, fmt.Errorf("%w: got JSON that is not a JSON Feed", ErrNotFeed)
	}
	if _, err := dec.Token(); err != nil {
		return ch, cutJSON(jsonError(err, dec), out, rec)
	}
	if len(bytes.TrimSpace(doc[dec.InputOffset():])) > 0 {
		rec.add(flawTrailing)
	}
	return ch, nil
}

// jsonControls returns doc with the control characters JSON forbids
// inside strings made legal: a raw newline, tab or carriage return becomes
// its escape, the others go (hand-written feeds have them, and one made
// gofeed's strict decoding fail the feed). doc comes back as it is when it
// has none, with nothing allocated.
func jsonControls(doc []byte) []byte {
	var out []byte
	inString, escaped := false, false
	for i, c := range doc {
		var repl []byte
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString && c < 0x20:
			switch c {
			case '\n':
				repl = []byte(`\n`)
			case '\t':
				repl = []byte(`\t`)
			case '\r':
				repl = []byte(`\r`)
			default:
				repl = []byte{}
			}
		case !inString && c < 0x20 && c != '\n' && c != '\t' && c != '\r':
			repl = []byte{}
		}
		if repl != nil && out == nil {
			out = append(make([]byte, 0, len(doc)+64), doc[:i]...)
		}
		switch {
		case repl != nil:
			out = append(out, repl...)
		case out != nil:
			out = append(out, c)
		}
	}
	if out == nil {
		return doc
	}
	return out
}

// cutJSON turns an error partway through into a recovery when whole
// items came before it.
func cutJSON(err error, out *sink, rec *recovery) error {
	if out.n == 0 {
		return err
	}
	rec.add(flawTruncated)
	return nil
}

// jsonFields are the item fields herald reads. Decoding into them, not a
// map, skips every other field without allocating, and matches keys as
// encoding/json (and so gofeed) does, ignoring case.
type jsonFields struct {
	ID            json.RawMessage `json:"id"`
	URL           json.RawMessage `json:"url"`
	ExternalURL   json.RawMessage `json:"external_url"`
	Title         json.RawMessage `json:"title"`
	ContentHTML   json.RawMessage `json:"content_html"`
	ContentText   json.RawMessage `json:"content_text"`
	Summary       json.RawMessage `json:"summary"`
	DatePublished json.RawMessage `json:"date_published"`
	DateModified  json.RawMessage `json:"date_modified"`
	Author        json.RawMessage `json:"author"`
	Authors       json.RawMessage `json:"authors"`
	Attachments   json.RawMessage `json:"attachments"`
}

// jsonItems reads an array of items (or a single item object) from dec.
func jsonItems(dec *json.Decoder, out *sink, rec *recovery) error {
	t, err := dec.Token()
	if err != nil {
		return jsonError(err, dec)
	}
	var it item
	var f jsonFields
	one := func() error {
		f = jsonFields{}
		if err := dec.Decode(&f); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				rec.noteJSON("an item that is not an object")
				return nil
			}
			rec.dropped++
			return jsonError(err, dec)
		}
		it = jsonFeedItem(&f, rec)
		out.put(&it)
		return nil
	}
	switch t {
	case json.Delim('['):
		for dec.More() && !out.full() {
			if err := one(); err != nil {
				return err
			}
		}
		if out.full() {
			return nil
		}
		if _, err := dec.Token(); err != nil {
			return jsonError(err, dec)
		}
	case json.Delim('{'):
		// One item where a list was wanted: read its fields as one.
		m := map[string]json.RawMessage{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return jsonError(err, dec)
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return jsonError(err, dec)
			}
			if ks, ok := k.(string); ok {
				m[ks] = raw
			}
		}
		if _, err := dec.Token(); err != nil {
			return jsonError(err, dec)
		}
		whole, _ := json.Marshal(m)
		f = jsonFields{}
		if json.Unmarshal(whole, &f) == nil {
			it = jsonFeedItem(&f, rec)
			out.put(&it)
		}
	default:
		if t != nil {
			rec.noteJSON("the list of items")
		}
	}
	return nil
}

func jsonFeedItem(f *jsonFields, rec *recovery) item {
	var it item
	if len(f.ID) > 0 {
		it.guid = coerceID(f.ID)
	}
	it.link = jsonField(f.URL, "an item's url", rec)
	it.otherLink = it.link
	if it.otherLink == "" {
		it.otherLink = jsonField(f.ExternalURL, "an item's external_url", rec)
	}
	it.title = jsonField(f.Title, "an item's title", rec)
	it.content = jsonField(f.ContentHTML, "an item's content_html", rec)
	if it.content == "" {
		it.content = jsonField(f.ContentText, "an item's content_text", rec)
	}
	it.summary = jsonField(f.Summary, "an item's summary", rec)
	it.published = jsonField(f.DatePublished, "an item's date_published", rec)
	it.updated = jsonField(f.DateModified, "an item's date_modified", rec)
	if it.published != "" {
		it.pubTime, _ = parseDate(it.published)
	}
	if it.updated != "" {
		it.updTime, _ = parseDate(it.updated)
	}
	if it.pubTime.IsZero() {
		it.pubTime = it.updTime
	}
	if len(f.Authors) > 0 && !jsonNull(f.Authors) {
		if names := jsonAuthors(f.Authors, rec); len(names) > 0 {
			it.author, it.hasAuthor = parsePerson(names[0]), true
		}
	}
	if len(f.Author) > 0 && !it.hasAuthor && !jsonNull(f.Author) {
		if names := jsonAuthors(f.Author, rec); len(names) > 0 {
			it.author, it.hasAuthor = parsePerson(names[0]), true
		}
	}
	if len(f.Attachments) > 0 {
		for _, a := range jsonObjects(f.Attachments, "an item's attachments", rec) {
			if len(it.enclosures) >= maxEnclosures {
				rec.add(flawEnclosures)
				break
			}
			e := enclosure{url: jsonField(a["url"], "an attachment's url", rec), mime: jsonField(a["mime_type"], "an attachment's mime_type", rec)}
			if n := jsonSize(a["size_in_bytes"]); n > 0 {
				e.length = strconv.FormatInt(n, 10)
			}
			if n := jsonSize(a["duration_in_seconds"]); n > 0 {
				e.duration = strconv.FormatInt(n, 10)
			}
			it.enclosures = append(it.enclosures, e)
		}
	}
	return it
}

// jsonAuthors reads the names of an authors list (or one author object,
// or a bare name).
func jsonAuthors(raw json.RawMessage, rec *recovery) []string {
	if s, ok := jsonString(raw); ok {
		return []string{s}
	}
	var names []string
	for _, a := range jsonObjects(raw, "an item's authors", rec) {
		names = append(names, jsonField(a["name"], "an author's name", rec))
	}
	return names
}

// jsonObjects reads a list of objects, or one object, skipping what is
// neither.
func jsonObjects(raw json.RawMessage, what string, rec *recovery) []map[string]json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || jsonNull(raw) {
		return nil
	}
	if raw[0] == '{' {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) == nil {
			return []map[string]json.RawMessage{m}
		}
	}
	var list []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &list) != nil {
		rec.noteJSON(what)
		return nil
	}
	out := make([]map[string]json.RawMessage, 0, len(list))
	for _, el := range list {
		var m map[string]json.RawMessage
		if json.Unmarshal(el, &m) == nil && m != nil {
			out = append(out, m)
		} else if s, ok := jsonString(el); ok {
			out = append(out, map[string]json.RawMessage{"name": mustJSON(s)})
		}
	}
	return out
}

func mustJSON(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// jsonField reads a text field: a string, or a number's digits. Anything
// else is noted and read as empty.
func jsonField(raw json.RawMessage, what string, rec *recovery) string {
	if len(raw) == 0 || jsonNull(raw) {
		return ""
	}
	if s, ok := jsonString(raw); ok {
		return s
	}
	rec.noteJSON(what)
	return ""
}

// jsonString reads a JSON string or number as text.
func jsonString(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s, true
		}
	case c == '-' || c >= '0' && c <= '9':
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			return n.String(), true
		}
	}
	return "", false
}

func jsonNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// coerceID reads an item id as the spec asks: a string, or any other value
// as its text.
func coerceID(raw json.RawMessage) string {
	if jsonNull(raw) {
		return ""
	}
	if s, ok := jsonString(raw); ok {
		return s
	}
	return strings.TrimSpace(string(raw))
}

// jsonSize reads a size that may be an integer, a float or a numeric
// string; 0 when it is none of them or out of range.
func jsonSize(raw json.RawMessage) int64 {
	s, ok := jsonString(raw)
	if !ok {
		return 0
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
		return n
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f != f || f >= 1<<63 || f < -(1<<63) {
		return 0
	}
	return int64(f)
}

// jsonError says in words what is wrong with a JSON document.
func jsonError(err error, dec *json.Decoder) error {
	var se *json.SyntaxError
	switch {
	case err == nil:
		return errors.New("malformed JSON Feed: it is not a JSON object")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("malformed JSON Feed: it ends too early")
	case strings.Contains(err.Error(), "exceeded max depth"):
		return &LimitError{What: "JSON nested more than 10,000 deep"}
	case errors.As(err, &se):
		return fmt.Errorf("malformed JSON Feed at byte %d: %s", se.Offset, se.Error())
	}
	return fmt.Errorf("malformed JSON Feed at byte %d", dec.InputOffset())
}

// rssInJSON reads the "rss" object of an RSS-in-JSON document (or its
// "channel", in the variant that leaves "rss" out): each property is an
// RSS element of the same name, and an element with attributes is an
// object whose text is "#value".
func rssInJSON(key string, raw json.RawMessage, rec *recovery, out *sink) channel {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		rec.noteJSON("the " + key + " object")
		return channel{}
	}
	chRaw := raw
	if key == "rss" {
		chRaw = obj["channel"]
	}
	var chm map[string]json.RawMessage
	if json.Unmarshal(chRaw, &chm) != nil {
		rec.noteJSON("the channel")
		return channel{}
	}
	ch := channel{title: rssJSONText(chm["title"]), link: rssJSONText(chm["link"])}
	for _, k := range []string{"item", "items"} {
		for _, m := range jsonObjects(chm[k], "the channel's items", rec) {
			it := rssJSONItem(m)
			out.put(&it)
		}
	}
	return ch
}

func rssJSONItem(m map[string]json.RawMessage) item {
	it := item{
		title:     rssJSONText(m["title"]),
		link:      rssJSONText(m["link"]),
		guid:      rssJSONText(m["guid"]),
		summary:   rssJSONText(m["description"]),
		content:   rssJSONText(m["content:encoded"]),
		published: rssJSONText(m["pubDate"]),
	}
	it.otherLink = it.link
	if it.published == "" {
		it.published = rssJSONText(m["dc:date"])
	}
	it.pubTime, _ = parseDate(it.published)
	if a := rssJSONText(m["author"]); a != "" {
		it.author, it.hasAuthor = parsePerson(a), true
	} else if a := rssJSONText(m["dc:creator"]); a != "" {
		it.author, it.hasAuthor = parsePerson(a), true
	}
	for _, e := range jsonObjects(m["enclosure"], "", &recovery{}) {
		if len(it.enclosures) < maxEnclosures {
			it.enclosures = append(it.enclosures, enclosure{url: rssJSONText(e["url"]), mime: rssJSONText(e["type"]), length: rssJSONText(e["length"])})
		}
	}
	return it
}

// rssJSONText is an RSS-in-JSON element's text: a string or number, or an
// object's "#value" (or "value").
func rssJSONText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	if s, ok := jsonString(raw); ok {
		return s
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) == nil {
		for _, k := range []string{"#value", "value", "#text"} {
			if v, ok := jsonString(m[k]); ok {
				return v
			}
		}
	}
	return ""
}
