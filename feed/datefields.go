package feed

import (
	"strings"
	"time"
)

// dateTok is one piece of a date string: a number, a word or a mark.
type dateTok struct {
	num   int
	width int    // digits in a number; 0 for a word or mark
	word  string // lower-case letters
	mark  byte   // ':', '/', '-', '.', ',', '+', '(' or ')'
}

// readDateFields reads the date forms that are neither RFC 822 nor RFC
// 3339, field by field: a clock (with am/pm), a zone, a month by name with
// a day and a year in any order ("January 2, 2006", "2 Jan 2006",
// "2006 January 02"), or an all-numbers date, read as year-month-day when it
// starts with the year, day/month/year when that is a valid date (most of
// the world writes it so) and month/day/year otherwise.
func readDateFields(s string) (time.Time, bool) {
	toks, ok := lexDate(s)
	if !ok {
		return time.Time{}, false
	}
	var (
		hour, minute, sec, nsec int
		haveClock, haveZone     bool
		offset                  int
		date                    []dateTok // what is left for the date
	)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case !haveClock && t.width > 0 && t.width <= 2 && i+2 < len(toks) && toks[i+1].mark == ':' && toks[i+2].width == 2:
			hour, minute = t.num, toks[i+2].num
			i += 2
			if i+2 < len(toks) && toks[i+1].mark == ':' && toks[i+2].width > 0 && toks[i+2].width <= 2 {
				sec = toks[i+2].num
				i += 2
				if i+2 < len(toks) && (toks[i+1].mark == '.' || toks[i+1].mark == ',') && toks[i+2].width > 0 {
					nsec = fraction(toks[i+2])
					i += 2
				}
			}
			if i+1 < len(toks) && (toks[i+1].word == "am" || toks[i+1].word == "pm" || toks[i+1].word == "a" || toks[i+1].word == "p") {
				pm := toks[i+1].word[0] == 'p'
				i++
				if i+2 < len(toks) && toks[i+1].mark == '.' && toks[i+2].word == "m" {
					i += 2
				}
				if i+1 < len(toks) && toks[i+1].mark == '.' {
					i++
				}
				if hour < 1 || hour > 12 {
					return time.Time{}, false
				}
				hour %= 12
				if pm {
					hour += 12
				}
			}
			haveClock = true
		case haveClock && !haveZone && (t.mark == '+' || t.mark == '-') && i+1 < len(toks) && (toks[i+1].width == 4 || toks[i+1].width == 2):
			h, m := toks[i+1].num, 0
			if toks[i+1].width == 4 {
				h, m = h/100, h%100
			}
			i++
			if toks[i].width == 2 && i+2 < len(toks) && toks[i+1].mark == ':' && toks[i+2].width == 2 {
				m = toks[i+2].num
				i += 2
			}
			if h > 23 || m > 59 {
				return time.Time{}, false
			}
			offset = h*3600 + m*60
			if t.mark == '-' {
				offset = -offset
			}
			haveZone = true
		case t.mark == '(':
			// A comment such as "(PST)" or "(Pacific Standard Time)".
			for i < len(toks) && toks[i].mark != ')' {
				i++
			}
		case t.word != "" && !haveZone && haveClock:
			if off, known := zoneOffsets[strings.ToUpper(t.word)]; known {
				offset, haveZone = off, t.word != "gmt" && t.word != "utc" && t.word != "ut"
				if !haveZone {
					// "GMT+0100": the number that follows is the offset.
					continue
				}
			} else if _, isMonth := monthName(t.word); isMonth {
				date = append(date, t)
			} else if _, isDay := weekday(t.word); !isDay && t.word != "t" && t.word != "at" {
				return time.Time{}, false
			}
		case t.word != "":
			if _, isDay := weekday(t.word); isDay || t.word == "t" || t.word == "at" || t.word == "of" {
				continue
			}
			if _, isMonth := monthName(t.word); !isMonth {
				if _, known := zoneOffsets[strings.ToUpper(t.word)]; !known || haveClock {
					return time.Time{}, false
				}
			}
			date = append(date, t)
		default:
			date = append(date, t)
		}
	}
	year, month, day, ok := readDay(date)
	if !ok {
		return time.Time{}, false
	}
	return build(year, month, day, hour, minute, sec, nsec, offset)
}

// readDay reads the date part: numbers, at most one month name, and
// separators.
func readDay(toks []dateTok) (year, month, day int, ok bool) {
	var nums []dateTok
	var sep byte
	for _, t := range toks {
		switch {
		case t.width > 0:
			nums = append(nums, t)
		case t.word != "":
			m, isMonth := monthName(t.word)
			if !isMonth || month != 0 {
				return 0, 0, 0, false
			}
			month = m
		case t.mark == '/' || t.mark == '-' || t.mark == '.':
			if sep == 0 {
				sep = t.mark
			}
		}
	}
	if month != 0 {
		// A month by name: the four-digit number is the year, the other
		// the day; two short numbers are day then year.
		if len(nums) != 2 {
			return 0, 0, 0, false
		}
		a, b := nums[0], nums[1]
		switch {
		case a.width == 4 && b.width <= 2:
			year, day = a.num, b.num
		case b.width == 4 && a.width <= 2:
			year, day = b.num, a.num
		case a.width <= 2 && b.width == 2:
			year, day = century(b.num), a.num
		default:
			return 0, 0, 0, false
		}
		return year, month, day, true
	}
	if len(nums) != 3 || sep == 0 {
		return 0, 0, 0, false
	}
	a, b, c := nums[0], nums[1], nums[2]
	switch {
	case a.width == 4 && b.width <= 2 && c.width <= 2:
		return a.num, b.num, c.num, true
	case c.width == 4 && a.width <= 2 && b.width <= 2:
		if b.num <= 12 && a.num <= daysIn(b.num, c.num) {
			return c.num, b.num, a.num, true
		}
		return c.num, a.num, b.num, true
	}
	return 0, 0, 0, false
}

func century(yy int) int {
	if yy >= 69 {
		return 1900 + yy
	}
	return 2000 + yy
}

func fraction(t dateTok) int {
	n := t.num
	for w := t.width; w < 9; w++ {
		n *= 10
	}
	for w := t.width; w > 9; w-- {
		n /= 10
	}
	return n
}

// lexDate splits s into numbers, lower-case words and marks; ok is false
// for a character no date has, or a string too long to be one.
func lexDate(s string) ([]dateTok, bool) {
	if len(s) > 64 {
		return nil, false
	}
	toks := make([]dateTok, 0, 16)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j := number(s, i)
			if j-i > 9 {
				return nil, false
			}
			toks = append(toks, dateTok{num: num(s[i:j]), width: j - i})
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + word(s[i:])
			toks = append(toks, dateTok{word: strings.ToLower(s[i:j])})
			i = j
		case c == ' ' || c == '\t':
			i++
		case strings.IndexByte(":/-.,+()", c) >= 0:
			toks = append(toks, dateTok{mark: c})
			i++
		default:
			return nil, false
		}
	}
	return toks, true
}
