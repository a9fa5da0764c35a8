package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case-insensitive search with Unicode's simple case folding, as
// strings.EqualFold compares: every rune stands for its whole fold orbit
// (K, k and the Kelvin sign; Σ, σ and ς). Full folding (ß as ss) would
// change lengths under the reader's highlights and is left out.

// foldRune is the smallest rune of r's fold orbit.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return m
}

// foldString folds every rune of s.
func foldString(s string) string {
	return strings.Map(foldRune, s)
}

// folded is a text folded for search, with the way back to its bytes.
type folded struct {
	s string
	// back maps each byte of s (and its end) to the text's byte offset;
	// nil when folding kept every rune's length, so offsets are the same.
	back []int32
}

func foldText(text string) folded {
	same := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			same = false
			break
		}
	}
	if same {
		return folded{s: foldString(text)}
	}
	var b strings.Builder
	b.Grow(len(text))
	back := make([]int32, 0, len(text)+1)
	for i, r := range text {
		f := foldRune(r)
		for range utf8.RuneLen(f) {
			back = append(back, int32(i))
		}
		b.WriteRune(f)
	}
	back = append(back, int32(len(text)))
	return folded{s: b.String(), back: back}
}

// all returns the byte spans of text where q (folded already) occurs,
// without overlaps.
func (f folded) all(q string) [][2]int {
	if q == "" {
		return nil
	}
	var out [][2]int
	for from := 0; ; {
		i := strings.Index(f.s[from:], q)
		if i < 0 {
			return out
		}
		s, e := from+i, from+i+len(q)
		if f.back != nil {
			out = append(out, [2]int{int(f.back[s]), int(f.back[e])})
		} else {
			out = append(out, [2]int{s, e})
		}
		from = e
	}
}
