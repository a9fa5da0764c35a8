package feed

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// A feed that is not UTF-8 and names no encoding (or names UTF-8, or a
// Latin one, wrongly) is read byte by byte as windows-1252, which is right
// for the Latin text such feeds nearly always hold. Japanese, Chinese or
// Korean text in a legacy encoding comes out of that as mojibake, so
// before falling back, guessLegacy asks whether the bytes read as one of
// those languages. It only says yes on strong evidence: every candidate
// reads most Latin-1 bytes without error, so being decodable proves
// nothing. What decides is what the text says once decoded: Japanese is
// full of kana, Korean of Hangul, Chinese of its few most common
// characters; read in the wrong encoding each becomes an even spread of
// rare characters.

// guessSample bounds the bytes looked at: the guess needs text, not all of
// a large feed, and it costs a decode per candidate.
const guessSample = 64 << 10

// iso2022JP reports whether b switches into JIS X 0208 as ISO-2022-JP
// does: its escapes are unmistakable, and text without them is ASCII.
func iso2022JP(b []byte) bool {
	b = b[:min(len(b), guessSample)]
	return bytes.Contains(b, []byte("\x1b$B")) || bytes.Contains(b, []byte("\x1b$@"))
}

// legacyCandidate is an encoding guessLegacy may choose and the test its
// decoded text must pass.
type legacyCandidate struct {
	name string
	enc  encoding.Encoding
	lang func(textCounts) (float64, bool)
}

var legacyCandidates = [...]legacyCandidate{
	{"Shift_JIS", japanese.ShiftJIS, japaneseText},
	{"EUC-JP", japanese.EUCJP, japaneseText},
	{"EUC-KR", korean.EUCKR, koreanText},
	{"GBK", simplifiedchinese.GBK, simplifiedText},
	{"Big5", traditionalchinese.Big5, traditionalText},
}

// guessLegacy returns the legacy CJK encoding body reads as, and its name,
// or nil when no candidate is convincing.
func guessLegacy(body []byte) (encoding.Encoding, string) {
	sample := body[:min(len(body), guessSample)]
	var best legacyCandidate
	bestScore := 0.0
	for _, c := range legacyCandidates {
		out, err := c.enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		n := countText(out, len(sample) == len(body))
		// A few bad bytes are allowed, for a feed with one damaged item;
		// the wrong encoding has errors all through.
		if n.nonASCII < 8 || n.errors > max(1, n.nonASCII/100) {
			continue
		}
		if score, ok := c.lang(n); ok && score > bestScore {
			best, bestScore = c, score
		}
	}
	return best.enc, best.name
}

// textCounts is what guessLegacy's tests look at in decoded text.
type textCounts struct {
	nonASCII int // runes beyond ASCII
	errors   int // bytes the encoding could not read
	kana     int // hiragana and katakana
	ideo     int // CJK ideographs
	cjkPunct int // CJK symbols and punctuation, full-width forms
	hangul   int // Hangul syllables
	simpl    int // the commonest characters of simplified Chinese
	trad     int // the commonest characters of traditional Chinese
	hangulC  int // the commonest Hangul syllables
}

// countText counts decoded text. whole says out is all of the document;
// otherwise its last rune may be cut in two and is not an error.
func countText(out []byte, whole bool) textCounts {
	var n textCounts
	for i := 0; i < len(out); {
		if out[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(out[i:])
		i += size
		if r == utf8.RuneError && (whole || i < len(out)) {
			n.errors++
			continue
		}
		n.nonASCII++
		switch {
		case r >= 0x3040 && r <= 0x30FF:
			n.kana++
		case r >= 0x4E00 && r <= 0x9FFF:
			n.ideo++
			if bytes.ContainsRune(commonSimplified, r) {
				n.simpl++
			}
			if bytes.ContainsRune(commonTraditional, r) {
				n.trad++
			}
		case r >= 0xAC00 && r <= 0xD7A3:
			n.hangul++
			if bytes.ContainsRune(commonHangul, r) {
				n.hangulC++
			}
		case r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF5E:
			n.cjkPunct++
		}
	}
	return n
}

// The commonest characters of each written language, modern and
// classical: together about a fifth of running Chinese text and a third of
// Korean, against well under a hundredth of the same bytes misread.
var (
	commonSimplified  = []byte("的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日者无")
	commonTraditional = []byte("的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日者無")
	commonHangul      = []byte("이다는에의고하가을를지기서한로으리사도나수니것대자어일아해그있인시라정부적국면게보들주요상전만원우장")
)

// japaneseText: Japanese prose is a third kana or more, and what is not
// kana is kanji and full-width punctuation.
func japaneseText(n textCounts) (float64, bool) {
	kana := ratio(n.kana, n.nonASCII)
	cjk := ratio(n.kana+n.ideo+n.cjkPunct, n.nonASCII)
	return kana + cjk, kana >= 0.2 && cjk >= 0.9
}

// koreanText: Hangul, and the common syllables among it.
func koreanText(n textCounts) (float64, bool) {
	hangul := ratio(n.hangul, n.nonASCII)
	common := ratio(n.hangulC, n.hangul)
	return hangul + common, hangul >= 0.5 && common >= 0.15
}

func simplifiedText(n textCounts) (float64, bool) {
	return chineseText(n, n.simpl)
}

func traditionalText(n textCounts) (float64, bool) {
	return chineseText(n, n.trad)
}

// chineseText: ideographs with no kana, and the common characters among
// them; text misread as Chinese is ideographs too, but rare ones.
func chineseText(n textCounts, common int) (float64, bool) {
	han := ratio(n.ideo+n.cjkPunct, n.nonASCII)
	share := ratio(common, n.ideo)
	return han + share, han >= 0.7 && share >= 0.1 && ratio(n.kana, n.nonASCII) < 0.02
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
