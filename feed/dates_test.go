package feed

import (
	"testing"
	"time"
)

// dateCorpus are date strings as feeds write them, collected from the
// forms gofeed's layouts and feedparser's tests cover, plus the errors
// feeds make.
var dateCorpus = []string{
	"Mon, 02 Jan 2006 15:04:05 GMT", "Mon, 02 Jan 2006 15:04:05 +0000", "Mon, 02 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 GMT", "Mon, 2 Jan 2006 15:04:05 +0100", "Mon, 02 Jan 2006 15:04:05 EST",
	"Mon, 02 Jan 2006 15:04:05 PDT", "Mon, 02 Jan 2006 15:04:05 CEST", "Mon, 02 Jan 2006 15:04:05 UT",
	"Mon, 02 Jan 2006 15:04:05 Z", "Mon, 02 Jan 2006 15:04 GMT", "Mon, 02 Jan 2006 15:04 +0200",
	"Mon, 02 Jan 06 15:04:05 GMT", "Mon, 02 Jan 06 15:04:05 -0700", "02 Jan 2006 15:04:05 GMT",
	"02 Jan 2006 15:04:05 +0000", "2 Jan 2006 15:04:05 -0700", "Monday, 02 January 2006 15:04:05 -0700",
	"Mon, 02 January 2006 15:04:05 -0700", "Mon, 02 Jan 2006 15:04:05 +05:30", "Mon, 02 Jan 2006 15:04:05.123 GMT",
	"mon, 02 jan 2006 15:04:05 gmt", "MON, 02 JAN 2006 15:04:05 GMT", "Mon, 02 Jan 2006 15:04:05",
	"Mon,02 Jan 2006 15:04:05 -0700", "Mon 02 Jan 2006 15:04:05 -0700", "Tue, 29 Feb 2000 12:00:00 GMT",
	"Wed, 31 Feb 2006 12:00:00 GMT", "Mon, 02 Jan 2006 25:04:05 GMT", "Mon, 02 Jan 2006 15:61:05 GMT",
	"Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 1999 23:59:59 GMT", "Sat, 01 Jan 2000 00:00:00 +1400",
	"2006-01-02T15:04:05Z", "2006-01-02T15:04:05+07:00", "2006-01-02T15:04:05-07:00", "2006-01-02T15:04:05.999Z",
	"2006-01-02T15:04:05.123456789+01:00", "2006-01-02T15:04:05+0700", "2006-01-02T15:04:05 -0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04Z", "2006-01-02T15:04-07:00", "2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05-07:00", "2006-01-02 15:04",
	"2006-01-02", "2006-1-2", "2006-01-02T24:00:00Z", "2006-13-02T15:04:05Z", "2006-02-30",
	"January 2, 2006", "January 02, 2006", "Jan 2, 2006", "2 January 2006", "02 Jan 2006",
	"January 2, 2006 3:04 PM", "Jan 2, 2006 3:04:05 PM", "2006/01/02", "02/01/2006", "01/13/2006",
	"13/01/2006", "02.01.2006", "02.01.2006 15:04", "02-01-2006", "Mon Jan 2 15:04:05 2006",
	"Mon Jan  2 15:04:05 MST 2006", "Mon Jan 02 15:04:05 -0700 2006", "Monday, January 2, 2006",
	"last tuesday", "yesterday", "", "   ", "2006", "1136214245", "Mon, 02 Jan 2006", "Mon, 2 Jan 2006",
	"02 Jan 06 15:04 -0700", "Mon, 02 Jan 2006 15:04:05 GMT+0100", "Tue, 10 Jun 2003 04:00:00 GMT",
}

// Where gofeed reads a date, herald reads the same instant; where herald
// reads one gofeed cannot, the differential test's table says why.
func TestDatesAgreeWithGofeed(t *testing.T) {
	read := 0
	for _, d := range dateCorpus {
		doc := []byte(rss("Dates", "<item><title>d</title><guid>g</guid><pubDate>"+d+"</pubDate></item>"))
		old, new := runOracle(doc, ""), runNew(doc, "")
		if old.err != nil || new.err != nil || len(old.items) != 1 || len(new.items) != 1 {
			t.Fatalf("%q: %v %v", d, old.err, new.err)
		}
		o, n := old.items[0].Published, new.items[0].Published
		switch {
		case o.IsZero() && !n.IsZero():
			read++
			t.Logf("%-40q gofeed none, herald %s", d, n.Format(time.RFC3339))
		case !o.Equal(n):
			t.Errorf("%-40q gofeed %s, herald %s", d, dateText(o), dateText(n))
		}
	}
	t.Logf("herald reads %d of %d dates gofeed could not", read, len(dateCorpus))
}

// BenchmarkParseDate is the common form, read by hand.
func BenchmarkParseDate(b *testing.B) {
	for b.Loop() {
		if _, ok := parseDate("Mon, 02 Jan 2006 15:04:05 GMT"); !ok {
			b.Fatal()
		}
	}
}
