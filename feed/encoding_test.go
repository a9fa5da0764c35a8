package feed

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/herald-reader/herald/termsafe"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	unicode16 "golang.org/x/text/encoding/unicode"
)

// needsSafe must agree with termsafe.Safe on every code point, alone and
// between plain text: when termsafe learns to drop another character, this
// says so.
func TestNeedsSafeKnowsEveryRune(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := "plain text " + string(r) + " more plain text"
		if (termsafe.Safe(s) != s) != needsSafe([]byte(s)) {
			t.Errorf("U+%04X: termsafe.Safe changes it: %v, needsSafe says %v", r, termsafe.Safe(s) != s, needsSafe([]byte(s)))
		}
	}
}

// needsSafe is a fast way of asking whether termsafe.Safe would change a
// document; it must never say no when Safe would.
func FuzzNeedsSafe(f *testing.F) {
	for _, s := range []string{"plain ascii text\n\tand more", "caf\u00e9", "\x1b[31m", "a\u202eb", "\ufeffx", "\u0085", "12345678\x7f", "1234567\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		b = repairUTF8(b)
		if changed := termsafe.Safe(string(b)) != string(b); changed && !needsSafe(b) {
			t.Fatalf("needsSafe missed what Safe changes in %q", b)
		}
	})
}

// unrefControlsDoc must do what the old pipeline's regular expression did.
func FuzzUnrefControlsDoc(f *testing.F) {
	for _, s := range []string{"&#27;[31m", "&#x1b;", "a&#8217;b", "&#9;&#10;&#13;", "&#00000027;", "&#000000027;", "&&#1;", "#&#2;", "&#X1F;", "&#"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := string(unrefControlsDoc(b)), string(oracleUnref(b)); got != want {
			t.Fatalf("%q: got %q, want %q", b, got, want)
		}
	})
}

// cjkFeeds are feeds in Japanese, Korean and Chinese, as UTF-8, with the
// encodings their sites have used without saying so.
var cjkFeeds = []struct {
	lang  string
	encs  []encoding.Encoding
	names []string
	items []string
}{
	{"Japanese", []encoding.Encoding{japanese.ShiftJIS, japanese.EUCJP, japanese.ISO2022JP}, []string{"Shift_JIS", "EUC-JP", "ISO-2022-JP"}, []string{
		"東京で新しい図書館が開館しました",
		"明日の天気は晴れのち曇り、夕方から雨が降るでしょう",
		"首相は記者会見で、経済対策について説明した。",
	}},
	{"Korean", []encoding.Encoding{korean.EUCKR}, []string{"EUC-KR"}, []string{
		"서울에 새로운 도서관이 문을 열었습니다",
		"내일 날씨는 맑다가 오후부터 비가 오겠습니다",
		"정부는 경제 정책에 대한 새로운 계획을 발표했다.",
	}},
	{"simplified Chinese", []encoding.Encoding{simplifiedchinese.GBK}, []string{"GBK"}, []string{
		"北京新图书馆今天正式开放",
		"明天的天气是晴转多云，下午有雨",
		"政府发布了关于经济发展的新计划，专家认为这是一个重要的开始。",
	}},
	{"traditional Chinese", []encoding.Encoding{traditionalchinese.Big5}, []string{"Big5"}, []string{
		"台北新圖書館今天正式開放",
		"明天的天氣是晴轉多雲，下午有雨",
		"政府發布了關於經濟發展的新計畫，專家認為這是一個重要的開始。",
	}},
}

func cjkFeed(items []string, decl string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"` + decl + `?><rss version="2.0"><channel><title>` + items[0] + `</title><link>https://news.example/</link>`)
	for i, it := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><link>https://news.example/%d</link><description>&lt;p&gt;%s&lt;/p&gt;</description></item>\n", it, i, strings.Repeat(it, 2))
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// A Japanese, Korean or Chinese feed in a legacy encoding it does not
// name (or names wrongly as UTF-8 or Latin-1) was read as windows-1252,
// every title mojibake. The text itself says which encoding it is in.
func TestParseReadsCJKTextInTheEncodingItIsIn(t *testing.T) {
	for _, f := range cjkFeeds {
		for i, enc := range f.encs {
			for _, decl := range []string{"", ` encoding="UTF-8"`, ` encoding="ISO-8859-1"`} {
				t.Run(f.lang+" "+f.names[i]+decl, func(t *testing.T) {
					body, err := enc.NewEncoder().String(cjkFeed(f.items, decl))
					if err != nil {
						t.Fatal(err)
					}
					differential(t, t.Name(), []byte(body), "")
					res, err := Read([]byte(body), "", feedURL, Split)
					if err != nil {
						t.Fatal(err)
					}
					if res.Title != f.items[0] || len(res.Items) != len(f.items) {
						t.Fatalf("feed %q with %d items", res.Title, len(res.Items))
					}
					for j, it := range res.Items {
						if it.Title != f.items[j] || !strings.Contains(sectionsText(it), f.items[j]) {
							t.Errorf("item %d: %q, want %q", j, it.Title, f.items[j])
						}
					}
					if !strings.Contains(res.Recovered, "read as "+f.names[i]) && !strings.Contains(res.Recovered, "reads as "+f.names[i]) {
						t.Errorf("recovered %q does not say the text was read as %s", res.Recovered, f.names[i])
					}
				})
			}
		}
	}
}

// Text in the encoding the feed names is read in it, as before, with
// nothing to report, and a label of ISO-2022-JP is heeded though the
// bytes, seven-bit, are valid UTF-8 too.
func TestParseHeedsADeclaredCJKEncoding(t *testing.T) {
	for _, f := range cjkFeeds {
		for i, enc := range f.encs {
			t.Run(f.names[i], func(t *testing.T) {
				body, err := enc.NewEncoder().String(cjkFeed(f.items, ` encoding="`+f.names[i]+`"`))
				if err != nil {
					t.Fatal(err)
				}
				res, err := Read([]byte(body), "", feedURL, Split)
				if err != nil || res.Recovered != "" || len(res.Items) == 0 || res.Items[0].Title != f.items[0] {
					t.Fatalf("err %v, recovered %q, items %+v", err, res.Recovered, res.Items)
				}
			})
		}
	}
}

// Latin, Cyrillic, Greek and other single-byte text without a label is
// what such feeds nearly always hold; each candidate CJK encoding reads
// much of it without error, so none may be chosen for it. windows-1252
// text comes out exactly; the others as they did before.
func TestParseNeverTakesSingleByteTextForCJK(t *testing.T) {
	cases := []struct {
		enc  encoding.Encoding
		text string
	}{
		{charmap.Windows1252, "It’s the “best” deal we’ve seen — and it won’t last. Don’t miss it: the founder says they’ll ship by Friday… or so they’ve promised."},
		{charmap.Windows1252, "Die Bundesregierung hat neue Maßnahmen für die Wirtschaft beschlossen. „Wir müssen jetzt handeln“, sagte der Minister. Größere Unternehmen zahlen künftig mehr."},
		{charmap.Windows1252, "Le gouvernement a annoncé mercredi de nouvelles mesures. « C’est une décision difficile », a déclaré la ministre ; les syndicats réclament davantage."},
		{charmap.Windows1252, "O governo anunciou um novo pacote de medidas econômicas. A situação é difícil, disse o ministro, mas as ações já começaram; as famílias receberão auxílio."},
		{charmap.ISO8859_2, "Rząd ogłosił w środę nowe środki wsparcia dla gospodarki. Według ministra pomogą one małym firmom przetrwać trudny okres."},
		{charmap.Windows1251, "Правительство объявило о новых мерах поддержки экономики. По словам министра, эти меры помогут малому бизнесу пережить трудный период."},
		{charmap.KOI8R, "Правительство объявило о новых мерах поддержки экономики. По словам министра, эти меры помогут малому бизнесу пережить трудный период."},
		{charmap.Windows1253, "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία. Σύμφωνα με τον υπουργό, τα μέτρα θα βοηθήσουν τις μικρές επιχειρήσεις."},
		{charmap.Windows1255, "הממשלה הודיעה היום על צעדים חדשים לתמיכה בכלכלה. לדברי השר, הצעדים יעזרו לעסקים קטנים לעבור את התקופה הקשה."},
		{charmap.Windows1256, "أعلنت الحكومة اليوم عن إجراءات جديدة لدعم الاقتصاد. وقال الوزير إن هذه الإجراءات ستساعد الشركات الصغيرة."},
		{charmap.Windows874, "รัฐบาลประกาศมาตรการใหม่เพื่อสนับสนุนเศรษฐกิจในวันนี้ รัฐมนตรีกล่าวว่ามาตรการเหล่านี้จะช่วยธุรกิจขนาดเล็ก"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.enc), func(t *testing.T) {
			words := strings.Fields(c.text)
			items := []string{c.text, strings.Join(words[:len(words)/2], " "), strings.Join(words[len(words)/2:], " ")}
			body, err := c.enc.NewEncoder().String(cjkFeed(items, ""))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Read([]byte(body), "", feedURL, Split)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(res.Recovered, "text was read as") || strings.Contains(res.Recovered, "text reads as") {
				t.Fatalf("single-byte text taken for CJK: %q", res.Recovered)
			}
			for _, it := range res.Items {
				for _, r := range it.Title {
					if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) {
						t.Fatalf("title %q", it.Title)
					}
				}
			}
			if c.enc == charmap.Windows1252 && res.Items[0].Title != c.text {
				t.Errorf("title %q, want %q", res.Items[0].Title, c.text)
			}
		})
	}
}

// A UTF-8 feed with a few broken bytes is repaired byte by byte, not
// guessed at: the broken bytes are often a legacy encoding's, but its
// valid UTF-8 says what the feed is.
func TestParseRepairsBrokenUTF8CJKWithoutGuessing(t *testing.T) {
	f := cjkFeeds[0]
	body := strings.Replace(cjkFeed(f.items, ` encoding="UTF-8"`), "図書館", "\x90}\x8f\x91\x8a\xd9", 1) // those words in Shift_JIS
	res, err := Read([]byte(body), "", feedURL, Split)
	if err != nil {
		t.Fatal(err)
	}
	if res.Items[1].Title != f.items[1] || strings.Contains(res.Recovered, "text was read as") || strings.Contains(res.Recovered, "text reads as") {
		t.Fatalf("recovered %q, second title %q", res.Recovered, res.Items[1].Title)
	}
}

// What a feed that is not UTF-8 and names no encoding pays for the guess
// before it is read as Latin: a decode of the first 64 KiB per candidate.
func BenchmarkGuessLegacyOnLatinText(b *testing.B) {
	para, err := charmap.Windows1252.NewEncoder().String("<p>Le gouvernement a annoncé mercredi de nouvelles mesures. « C’est une décision difficile », a déclaré la ministre.</p>\n")
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(strings.Repeat(para, (guessSample+len(para)-1)/len(para)))
	b.SetBytes(int64(guessSample))
	for b.Loop() {
		if enc, _ := guessLegacy(body); enc != nil {
			b.Fatal("French taken for CJK")
		}
	}
}

// A document whose first four bytes look like UTF-16 ("<\x00r\x00") but
// which goes on in ASCII with stray zero bytes was decoded as UTF-16,
// which made it no feed at all; only a start that keeps the shape is.
func TestStrayZeroBytesDoNotMakeUTF16(t *testing.T) {
	doc := "<\x00r\x00ss version=\"2.0\"><channel><title>T</title><item><title>One</title></item></channel></rss>"
	res, err := Read([]byte(doc), "", feedURL, Split)
	if err != nil || len(res.Items) != 1 || res.Items[0].Title != "One" {
		t.Fatalf("%v, %+v", err, res.Items)
	}
	wide, err := unicode16.UTF16(unicode16.LittleEndian, unicode16.IgnoreBOM).NewEncoder().String(`<?xml version="1.0"?><rss version="2.0"><channel><title>日本語のフィード</title><item><title>One</title></item></channel></rss>`)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Read([]byte(wide), "", feedURL, Split); err != nil || res.Title != "日本語のフィード" {
		t.Fatalf("UTF-16 without a BOM: %v, %q", err, res.Title)
	}
}
