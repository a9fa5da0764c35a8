package cli

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/herald-reader/herald/ui"
)

func newManCmd(inv *invocation) *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print herald's manual page (roff), every command in one page",
		Long: `Print herald's manual page, generated from its commands, in roff.
Read it with man -l, or install it where man looks.`,
		Example: `  herald man | man -l -
  herald man > ~/.local/share/man/man1/herald.1`,
		Args:              cobra.NoArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeMan(inv.stdout, cmd.Root(), readVersion())
		},
	}
}

// keysManSection lists the interface's actions with their default keys,
// as the [keys] table of config.toml names them.
func keysManSection() string {
	var b strings.Builder
	b.WriteString(`.SH KEYS
The interface's actions and their default keys. The [keys] table of
config.toml rebinds any of them, by the name given here: for example
\fBnext_section = ["w"]\fP.
`)
	for _, a := range ui.KeyActions() {
		keys := make([]string, len(a.Keys))
		for i, k := range a.Keys {
			if k == " " {
				k = "space"
			}
			keys[i] = roffText(k)
		}
		fmt.Fprintf(&b, ".TP\n\\fB%s\\fP (%s)\n%s: %s\n", roffText(a.Name), strings.Join(a.Screens, ", "), strings.Join(keys, ", "), roffText(a.Help))
	}
	return b.String()
}

// extraManSections close the page: what the commands' help does not say.
const extraManSections = `.SH FILES
.TP
\fB$XDG_CONFIG_HOME/herald/config.toml\fP
The settings, written on first run with every key commented out at its
default (keys, colours, the glamour style, limits). \fB--config\fP names
another file.
.TP
\fB$XDG_CONFIG_HOME/herald/feeds\fP
The feed list, one feed a line, beside the config file.
.TP
\fB$XDG_DATA_HOME/herald/herald.db\fP
The cache (SQLite): feeds, articles and their read and starred marks.
\fB--db\fP names another file.
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fP
When set, herald writes no colour at all.
.TP
\fBBROWSER\fP
The command that opens links, when the config's \fBbrowser\fP is empty.
.TP
\fBHERALD_DEBUG\fP
A file to log to while the interface runs, and to record an internal error in.
.TP
\fBXDG_CONFIG_HOME\fP, \fBXDG_DATA_HOME\fP
Where the config, the feed list and the cache live (default ~/.config and
~/.local/share).
`

// writeMan writes herald(1): cobra/doc's page for the root, then every
// command's own page folded into a COMMANDS section, so one page says it
// all and "herald man | man -l -" needs nothing installed.
func writeMan(w io.Writer, root *cobra.Command, v buildVersion) error {
	header := &doc.GenManHeader{
		Title:   "HERALD",
		Section: "1",
		Source:  "herald " + v.Token(),
		Manual:  "herald manual",
	}
	// The commit's date, so the same build prints the same page; without
	// one cobra takes SOURCE_DATE_EPOCH, else today.
	if !v.time.IsZero() {
		t := v.time
		header.Date = &t
	}
	page := func(c *cobra.Command) (string, []manSection, error) {
		c.DisableAutoGenTag = true
		h := *header
		var buf bytes.Buffer
		if err := doc.GenMan(c, &h, &buf); err != nil {
			return "", nil, err
		}
		head, sections := splitMan(buf.String())
		return head, sections, nil
	}
	head, rootSections, err := page(root)
	if err != nil {
		return err
	}
	var out strings.Builder
	out.WriteString(head)
	for _, s := range rootSections {
		switch s.name {
		case "SEE ALSO": // pages that are folded into this one
		case "NAME":
			// whatis and apropos read "name \- summary"; md2man ate the
			// backslash cobra wrote.
			out.WriteString(".SH NAME\n" + strings.Replace(s.body, " - ", ` \- `, 1))
		case "OPTIONS":
			out.WriteString(".SH OPTIONS\n" + optionList(s.body, true))
		default:
			out.WriteString(s.text())
		}
	}
	out.WriteString(".SH COMMANDS\n")
	for _, c := range manCommands(root) {
		_, sections, err := page(c)
		if err != nil {
			return err
		}
		fmt.Fprintf(&out, ".SS %s\n", roffText(c.CommandPath()))
		byName := map[string]string{}
		for _, s := range sections {
			byName[s.name] = s.body
		}
		out.WriteString(demoteHeadings(byName["DESCRIPTION"]))
		out.WriteString(".PP\n\\fIUsage:\\fP\n.RS\n" + byName["SYNOPSIS"] + ".RE\n")
		if o := optionList(byName["OPTIONS"], false); o != "" {
			out.WriteString(".PP\n\\fIOptions:\\fP\n.RS\n" + o + ".RE\n")
		}
		if e := byName["EXAMPLE"]; e != "" {
			out.WriteString(".PP\n\\fIExamples:\\fP\n.RS\n" + e + ".RE\n")
		}
	}
	out.WriteString(keysManSection())
	out.WriteString(extraManSections)
	_, err = io.WriteString(w, asciiRoff(out.String()))
	return err
}

// manCommands is every command a user can run below root, depth first in
// name order, as cobra's own help lists them.
func manCommands(root *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	children := append([]*cobra.Command(nil), root.Commands()...)
	sort.Slice(children, func(i, j int) bool { return children[i].Name() < children[j].Name() })
	for _, c := range children {
		if !c.IsAvailableCommand() || c.IsAdditionalHelpTopicCommand() {
			continue
		}
		out = append(out, c)
		out = append(out, manCommands(c)...)
	}
	return out
}

// manSection is one ".SH NAME" section of a roff page.
type manSection struct {
	name string // "NAME", "OPTIONS", ...
	body string // the lines after the .SH line, each ending in "\n"
}

func (s manSection) text() string { return ".SH " + s.name + "\n" + s.body }

// splitMan cuts a roff page at its .SH lines: what comes before the first
// (.TH and friends), then the sections in order.
func splitMan(page string) (head string, sections []manSection) {
	var cur *manSection
	var b strings.Builder
	flush := func() {
		// Blank lines around a section are md2man's spacing; in roff
		// they would be empty lines in the page.
		text := strings.Trim(b.String(), "\n")
		if text != "" {
			text += "\n"
		}
		if cur == nil {
			head = text
		} else {
			cur.body = text
			sections = append(sections, *cur)
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(page, "\n") {
		if name, ok := strings.CutPrefix(line, ".SH "); ok {
			flush()
			cur = &manSection{name: strings.Trim(strings.TrimSpace(name), `"`)}
			continue
		}
		b.WriteString(line)
	}
	flush()
	return head, sections
}

// optionList turns cobra's flag list (a flag line, a tab-indented usage
// line, .PP between) into a .TP list, which man lays out as a flag with its
// usage indented below it rather than run together on one line.
func optionList(body string, top bool) string {
	var b strings.Builder
	skip := false
	for _, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		switch {
		case strings.TrimSpace(line) == "" || line == ".PP":
		case strings.HasPrefix(line, "\t"):
			if !skip {
				b.WriteString(strings.TrimSpace(line) + "\n")
			}
		default:
			// Every command has --help; the page says so once, at the top.
			skip = strings.HasPrefix(line, `\fB-h\fP, \fB--help\fP`) && !top
			if !skip {
				b.WriteString(".TP\n" + line + "\n")
			}
		}
	}
	return b.String()
}

// demoteHeadings turns the subsection headings inside a command's text
// (the completion commands' "Linux:") into bold lines: the page's .SS
// level is the commands'.
func demoteHeadings(body string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(body, "\n") {
		if h, ok := strings.CutPrefix(line, ".SS "); ok {
			line = ".PP\n\\fB" + strings.TrimSpace(h) + "\\fP\n"
		}
		b.WriteString(line)
	}
	return b.String()
}

// asciiFallback is what a terminal without these characters (man in the
// C locale) shows instead, through groff's .fchar.
var asciiFallback = map[rune]string{
	'●': "o", '★': "*", '…': "...", '·': "-", '↑': "^", '↓': "v", '←': "<-", '→': "->", '—': "--", '’': "'",
}

// asciiRoff writes every character outside ASCII as a roff \[uXXXX]
// escape: man pipes through preconv, but plain groff and other readers
// take bytes as Latin-1. The characters with an ASCII fallback get a
// .fchar after the title line, so man in the C locale shows "o" for "●"
// rather than a warning and nothing.
func asciiRoff(s string) string {
	var b strings.Builder
	used := map[rune]bool{}
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, `\[u%04X]`, r)
			used[r] = true
		}
	}
	var fallbacks strings.Builder
	for r, f := range asciiFallback {
		if used[r] {
			fmt.Fprintf(&fallbacks, ".fchar \\[u%04X] %s\n", r, f)
		}
	}
	out := b.String()
	if i := strings.Index(out, "\n.SH "); i >= 0 && fallbacks.Len() > 0 {
		lines := strings.Split(fallbacks.String(), "\n")
		slices.Sort(lines)
		out = out[:i+1] + strings.TrimPrefix(strings.Join(lines, "\n"), "\n") + "\n" + out[i+1:]
	}
	return out
}

// roffText escapes text for a roff line: a backslash, and a leading dot or
// quote that would make it a request.
func roffText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
