package app

import (
	"errors"
	"testing"
)

func TestSystemOpenerThatNeverReturnsDoesNotHang(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	if err := graced(func() error { <-block; return nil }); err != nil {
		t.Fatalf("a launcher still running is not an error: %v", err)
	}
	if err := graced(func() error { return errors.New("no opener found") }); err == nil || err.Error() != "no opener found" {
		t.Fatalf("a launcher that fails at once must say why, got %v", err)
	}
}

func TestWindowsLauncherNeverGoesThroughCmd(t *testing.T) {
	for _, tc := range []struct {
		goos, name string
		refused    bool
	}{
		{"windows", `C:\Program Files\Mozilla Firefox\firefox.exe`, false},
		{"windows", "firefox", false},
		{"windows", `C:\tools\open-link.bat`, true},
		{"windows", `C:\tools\OPEN.CMD`, true},
		{"windows", "cmd", true},
		{"windows", `C:\Windows\System32\cmd.exe`, true},
		{"linux", "/usr/local/bin/open-link.cmd", false},
	} {
		err := checkLauncher(tc.goos, tc.name)
		if (err != nil) != tc.refused {
			t.Errorf("%s on %s: refused %v, want %v (%v)", tc.name, tc.goos, err != nil, tc.refused, err)
		}
	}
}
