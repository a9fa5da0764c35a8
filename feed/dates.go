package feed

import (
	"strings"
	"time"
)

// parseDate reads a feed's date. Nearly every feed writes RFC 822/1123
// ("Mon, 02 Jan 2006 15:04:05 GMT") or RFC 3339 ("2006-01-02T15:04:05Z");
// those are read by hand, without time.Parse's trial of layouts, which was
// 8% of a refresh. Anything else goes to readDateFields, which reads the
// date field by field. A zone abbreviation is resolved from zoneOffsets
// (unknown ones count as UTC), never from the machine's local zone, so a
// date means the same instant everywhere.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 6 {
		return time.Time{}, false
	}
	if t, ok := parseISO(s); ok {
		return t, true
	}
	if t, ok := parseRFC822(s); ok {
		return t, true
	}
	return readDateFields(s)
}

// parseISO reads YYYY-MM-DD, optionally followed by 'T' or a space and
// HH:MM[:SS[.fraction]], and a zone: Z, ±HH:MM, ±HHMM or ±HH. No zone
// means UTC.
func parseISO(s string) (time.Time, bool) {
	if len(s) < 10 || !digits(s[0:4]) || s[4] != '-' || !digits(s[5:7]) || s[7] != '-' || !digits(s[8:10]) {
		return time.Time{}, false
	}
	year, month, day := num(s[0:4]), num(s[5:7]), num(s[8:10])
	rest := s[10:]
	var hour, minute, sec, nsec int
	if rest != "" {
		if rest[0] != 'T' && rest[0] != ' ' {
			return time.Time{}, false
		}
		rest = rest[1:]
		var ok bool
		if hour, minute, sec, nsec, rest, ok = clock(rest); !ok {
			return time.Time{}, false
		}
	}
	rest = strings.TrimLeft(rest, " ")
	offset, ok := 0, true
	if rest != "" {
		if rest == "Z" || rest == "z" {
			rest = ""
		} else if offset, rest, ok = numericZone(rest); !ok || rest != "" {
			return time.Time{}, false
		}
	}
	return build(year, month, day, hour, minute, sec, nsec, offset)
}

// parseRFC822 reads [Weekday[,]] D Mon YYYY HH:MM[:SS] [zone], with a two-
// or four-digit year and the zone a number (±HHMM, ±HH:MM) or a name.
func parseRFC822(s string) (time.Time, bool) {
	i := 0
	if w := word(s); w > 0 {
		if _, isDay := weekday(s[:w]); !isDay {
			return time.Time{}, false
		}
		i = w
		if i < len(s) && s[i] == ',' {
			i++
		}
		i = skipSpaces(s, i)
	}
	d := number(s, i)
	if d == i || d-i > 2 {
		return time.Time{}, false
	}
	day := num(s[i:d])
	i = skipSpaces(s, d)
	if i == d {
		return time.Time{}, false
	}
	w := i + word(s[i:])
	month, ok := monthName(s[i:w])
	if !ok {
		return time.Time{}, false
	}
	i = skipSpaces(s, w)
	if i == w {
		return time.Time{}, false
	}
	y := number(s, i)
	var year int
	switch y - i {
	case 4:
		year = num(s[i:y])
	case 2:
		year = num(s[i:y])
		if year >= 69 {
			year += 1900
		} else {
			year += 2000
		}
	default:
		return time.Time{}, false
	}
	i = skipSpaces(s, y)
	if i == y {
		return time.Time{}, false
	}
	hour, minute, sec, nsec, rest, ok := clock(s[i:])
	if !ok {
		return time.Time{}, false
	}
	rest = strings.TrimLeft(rest, " ")
	offset := 0
	if rest != "" {
		if offset, ok = zone(rest); !ok {
			return time.Time{}, false
		}
	}
	return build(year, month, day, hour, minute, sec, nsec, offset)
}

// clock reads HH:MM[:SS[.fraction]] (one-digit hours allowed) and returns
// what follows.
func clock(s string) (hour, minute, sec, nsec int, rest string, ok bool) {
	h := number(s, 0)
	if h == 0 || h > 2 || h >= len(s) || s[h] != ':' {
		return
	}
	hour = num(s[:h])
	m := number(s, h+1)
	if m-(h+1) != 2 {
		return
	}
	minute = num(s[h+1 : m])
	rest = s[m:]
	if len(rest) > 0 && rest[0] == ':' {
		e := number(rest, 1)
		if e != 3 {
			return
		}
		sec = num(rest[1:3])
		rest = rest[3:]
		if len(rest) > 1 && (rest[0] == '.' || rest[0] == ',') {
			f := number(rest, 1)
			if f == 1 {
				return
			}
			frac := rest[1:f]
			for i := 0; i < 9; i++ {
				nsec *= 10
				if i < len(frac) {
					nsec += int(frac[i] - '0')
				}
			}
			rest = rest[f:]
		}
	}
	return hour, minute, sec, nsec, rest, true
}

// zone reads a zone that ends the string: a number, a name, or a name
// followed by a number ("GMT+0100").
func zone(s string) (int, bool) {
	if s[0] == '+' || s[0] == '-' {
		off, rest, ok := numericZone(s)
		return off, ok && rest == ""
	}
	w := word(s)
	if w == 0 {
		return 0, false
	}
	off, known := zoneOffset(s[:w])
	rest := s[w:]
	if rest == "" {
		return off, known || w >= 3 && w <= 5
	}
	if (rest[0] == '+' || rest[0] == '-') && (s[:w] == "GMT" || s[:w] == "UTC") {
		o, r, ok := numericZone(rest)
		return o, ok && r == ""
	}
	return 0, false
}

// numericZone reads ±HH:MM, ±HHMM or ±HH.
func numericZone(s string) (offset int, rest string, ok bool) {
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return 0, s, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	e := number(s, 1)
	var h, m int
	switch e - 1 {
	case 2:
		h = num(s[1:3])
		if e+2 < len(s) && s[e] == ':' && number(s, e+1) == e+3 {
			m = num(s[e+1 : e+3])
			e += 3
		}
	case 4:
		h, m = num(s[1:3]), num(s[3:5])
	default:
		return 0, s, false
	}
	if h > 23 || m > 59 {
		return 0, s, false
	}
	return sign * (h*3600 + m*60), s[e:], true
}

// zoneOffset looks a zone name up in zoneOffsets, in any case.
func zoneOffset(name string) (int, bool) {
	switch name {
	case "GMT", "UTC", "UT", "Z":
		return 0, true
	}
	if off, ok := zoneOffsets[name]; ok {
		return off, true
	}
	off, ok := zoneOffsets[strings.ToUpper(name)]
	return off, ok
}

// zoneOffsets are the zone names feeds use, in seconds east of UTC. Where
// a name is ambiguous (CST, BST, IST) the reading most feeds mean is used.
var zoneOffsets = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
	"WEST": 3600, "BST": 3600, "CET": 3600, "CEST": 2 * 3600, "MET": 3600, "MEST": 2 * 3600,
	"EET": 2 * 3600, "EEST": 3 * 3600, "MSK": 3 * 3600,
	"IST": 5*3600 + 1800, "JST": 9 * 3600, "KST": 9 * 3600, "HKT": 8 * 3600, "SGT": 8 * 3600,
	"AEST": 10 * 3600, "AEDT": 11 * 3600, "ACST": 9*3600 + 1800, "AWST": 8 * 3600,
	"NZST": 12 * 3600, "NZDT": 13 * 3600,
}

// build makes the time, refusing fields out of range (a 31 February is
// not a date, not 3 March).
func build(year, month, day, hour, minute, sec, nsec, offset int) (time.Time, bool) {
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 || year < 1 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

var monthFull = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

var weekdayFull = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// lower3 is the first three letters of w in lower case, as an array so
// that switching on it allocates nothing.
func lower3(w string) [3]byte {
	var b [3]byte
	for i := range b {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b
}

// monthName reads an English month name, three letters or in full ("Sept"
// too), in any case.
func monthName(w string) (int, bool) {
	if len(w) < 3 {
		return 0, false
	}
	m := 0
	k := lower3(w)
	switch string(k[:]) {
	case "jan":
		m = 1
	case "feb":
		m = 2
	case "mar":
		m = 3
	case "apr":
		m = 4
	case "may":
		m = 5
	case "jun":
		m = 6
	case "jul":
		m = 7
	case "aug":
		m = 8
	case "sep":
		m = 9
	case "oct":
		m = 10
	case "nov":
		m = 11
	case "dec":
		m = 12
	default:
		return 0, false
	}
	if len(w) == 3 || strings.EqualFold(w, monthFull[m-1]) || (m == 9 && strings.EqualFold(w, "sept")) {
		return m, true
	}
	return 0, false
}

// weekday reads an English day name: three letters, four ("Tues", "Thur")
// or in full, in any case.
func weekday(w string) (int, bool) {
	if len(w) < 3 {
		return 0, false
	}
	d := -1
	k := lower3(w)
	switch string(k[:]) {
	case "sun":
		d = 0
	case "mon":
		d = 1
	case "tue":
		d = 2
	case "wed":
		d = 3
	case "thu":
		d = 4
	case "fri":
		d = 5
	case "sat":
		d = 6
	default:
		return 0, false
	}
	full := weekdayFull[d]
	if len(w) == 3 || strings.EqualFold(w, full) || (len(w) == 4 && strings.EqualFold(w, full[:4])) {
		return d, true
	}
	return 0, false
}

// word returns the length of the run of ASCII letters at the start of s.
func word(s string) int {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	return i
}

// number returns the end of the run of digits starting at i.
func number(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
