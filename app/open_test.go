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
