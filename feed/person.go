package feed

import "strings"

// parsePerson splits "ann@example.com (Ann)", "Ann (ann@example.com)",
// "Ann" or "ann@example.com" into a name and an email; text of any other
// shape gives neither, as it did under gofeed.
func parsePerson(s string) person {
	if s == "" {
		return person{}
	}
	if !strings.ContainsAny(s, "@()") {
		return person{name: s}
	}
	if n, e, ok := emailThenName(s); ok {
		return person{name: n, email: e}
	}
	if n, e, ok := nameThenEmail(s); ok {
		return person{name: n, email: e}
	}
	if !strings.ContainsAny(s, "()") && strings.Count(s, "@") == 1 {
		at := strings.IndexByte(s, '@')
		if at > 0 && at < len(s)-1 {
			return person{email: s}
		}
	}
	return person{}
}

// emailThenName reads "ann@example.com (Ann)": an address without blanks,
// blanks, and a name in parentheses without '@'.
func emailThenName(s string) (name, email string, ok bool) {
	at := strings.IndexByte(s, '@')
	if at <= 0 {
		return
	}
	i := at + 1
	for i < len(s) && !isSpaceRE(s[i]) {
		i++
	}
	if i == at+1 || i == len(s) {
		return
	}
	j := i
	for j < len(s) && isSpaceRE(s[j]) {
		j++
	}
	if j >= len(s)-1 || s[j] != '(' || s[len(s)-1] != ')' {
		return
	}
	inner := s[j+1 : len(s)-1]
	if inner == "" || strings.IndexByte(inner, '@') >= 0 {
		return
	}
	return inner, s[:i], true
}

// nameThenEmail reads "Ann (ann@example.com)": a name without '@', blanks,
// and in parentheses an address with no ')' after its '@'.
func nameThenEmail(s string) (name, email string, ok bool) {
	if len(s) < 2 || s[len(s)-1] != ')' {
		return
	}
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return
	}
	// The longest name that works: the last '(' before the '@' that
	// follows a blank.
	for open := strings.LastIndexByte(s[:at], '('); open > 0; open = strings.LastIndexByte(s[:open], '(') {
		if !isSpaceRE(s[open-1]) {
			continue
		}
		inner := s[open+1 : len(s)-1]
		ia := strings.IndexByte(inner, '@')
		if ia <= 0 || ia == len(inner)-1 || strings.IndexByte(inner[ia+1:], ')') >= 0 || strings.IndexByte(inner[:ia], '@') >= 0 {
			continue
		}
		n := strings.TrimRightFunc(s[:open], func(r rune) bool { return r < 0x80 && isSpaceRE(byte(r)) })
		if n == "" {
			continue
		}
		return n, inner, true
	}
	return
}

// isSpaceRE is \s in Go's regular expressions.
func isSpaceRE(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
