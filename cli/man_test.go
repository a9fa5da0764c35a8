package cli

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestManPage(t *testing.T) {
	ta := newTestApp(t)
	page := ta.runOK(t, "man")
	if !strings.HasPrefix(page, ".nh\n.TH \"HERALD\" \"1\"") {
		t.Fatalf("the page does not open with its .TH title:\n%.200s", page)
	}
	for _, want := range []string{
		".SH NAME\nherald \\- A terminal news reader", ".SH OPTIONS", ".SH COMMANDS",
		".SS herald list\n", ".SS herald remove\n", ".SS herald completion bash\n", ".SS herald man\n",
		`\fB--feed\fP`, ".SH FILES", ".SH ENVIRONMENT", "NO_COLOR",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{"Auto generated", "SEE ALSO", "herald-list(1)", "\x1b"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	roffSanity(t, page)

	// man itself, as a user reads it, when it is installed; groff's
	// warnings too.
	if _, err := exec.LookPath("man"); err == nil {
		cmd := exec.Command("man", "-l", "-")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "MANWIDTH=80", "MANPAGER=cat", "PAGER=cat", "LANG=C.UTF-8"}
		cmd.Stdin = strings.NewReader(page)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil || errOut.Len() > 0 {
			t.Fatalf("man -l - failed: %v\n%s", err, errOut.String())
		}
		text := out.String()
		for _, want := range []string{"HERALD(1)", "COMMANDS", "herald remove", "--feed", "an unread mark (●)"} {
			if !strings.Contains(text, want) {
				t.Errorf("man shows no %q:\n%s", want, text)
			}
		}
	} else {
		t.Log("man is not installed: checked by the roff sanity check only")
	}
	// In the C locale man has no ● to show: the page's fallback does.
	if _, err := exec.LookPath("man"); err == nil {
		cmd := exec.Command("man", "-l", "-")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "MANWIDTH=80", "MANPAGER=cat", "PAGER=cat", "LANG=C", "LC_ALL=C"}
		cmd.Stdin = strings.NewReader(page)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "an unread mark (o)") || strings.Contains(string(out), "special character") {
			t.Errorf("man in the C locale: %v\n%s", err, out)
		}
	}
	if _, err := exec.LookPath("groff"); err == nil {
		cmd := exec.Command("groff", "-man", "-Tutf8", "-ww", "-z")
		cmd.Stdin = strings.NewReader(page)
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("groff warns about the page: %v\n%s", err, out)
		}
	}
}

// roffSanity checks what a roff reader trips over: unknown requests, font
// escapes other than bold, italic and back, and bytes outside ASCII.
func roffSanity(t *testing.T, page string) {
	t.Helper()
	known := map[string]bool{"nh": true, "TH": true, "SH": true, "SS": true, "PP": true, "TP": true,
		"RS": true, "RE": true, "EX": true, "EE": true, "IP": true, "nf": true, "fi": true, "br": true, "fchar": true}
	font := regexp.MustCompile(`\\f(.)`)
	for i, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			req, _, _ := strings.Cut(line[1:], " ")
			if !known[req] {
				t.Errorf("line %d: unknown request %q", i+1, line)
			}
		}
		for _, m := range font.FindAllStringSubmatch(line, -1) {
			if !strings.Contains("BIRP", m[1]) {
				t.Errorf("line %d: font escape \\f%s", i+1, m[1])
			}
		}
		for _, r := range line {
			if r >= 0x80 {
				t.Errorf("line %d: %q is not ASCII (write it \\[u%04X])", i+1, r, r)
				break
			}
		}
	}
}

func TestManPageDate(t *testing.T) {
	// A build from a commit dates its page by the commit, so the same
	// build prints the same page.
	var a, b strings.Builder
	v := buildVersion{revision: "4ec644e1b2c3d4e5", time: time.Date(2025, 3, 9, 10, 0, 0, 0, time.UTC)}
	ta := newTestApp(t)
	if err := writeMan(&a, newRootCmd(ta.invocation), v); err != nil {
		t.Fatal(err)
	}
	if err := writeMan(&b, newRootCmd(ta.invocation), v); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("two runs of one build print different pages")
	}
	if !strings.Contains(a.String(), `.TH "HERALD" "1" "Mar 2025" "herald 4ec644e1b2c3" "herald manual"`) {
		t.Errorf("the title line does not carry the commit's date and the version:\n%.120s", a.String())
	}
}
