package remote

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRedirectToAnotherHostIsNotFollowedWithCredentials(t *testing.T) {
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Auth-Token") != "" || r.Header.Get("Authorization") != "" {
			leaked.Store(true)
		}
	}))
	defer other.Close()
	// 127.0.0.1 and localhost are two hosts to a browser and to us.
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherURL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	h, err := NewHTTP(Options{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.Do(context.Background(), Request{Method: "GET", Path: "/v1/me", Header: http.Header{"X-Auth-Token": {"secret"}}})
	if !errors.Is(err, ErrOtherHost) {
		t.Errorf("error %v, want ErrOtherHost", err)
	}
	if leaked.Load() {
		t.Error("the credentials reached the other host")
	}
}

func TestRetryAfterIsWaitedOutThenRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	h, _ := NewHTTP(Options{BaseURL: srv.URL})
	var waited time.Duration
	h.sleeper = func(_ context.Context, d time.Duration) error { waited += d; return nil }
	resp, err := h.Do(context.Background(), Request{Method: "GET", Path: "/"})
	if err != nil || string(resp.Body) != "ok" || waited != 2*time.Second || calls.Load() != 2 {
		t.Errorf("resp %v, err %v, waited %s, calls %d", resp, err, waited, calls.Load())
	}
}

func TestLongRetryAfterIsAnErrorThatSaysSo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	h, _ := NewHTTP(Options{BaseURL: srv.URL})
	_, err := h.Do(context.Background(), Request{Method: "GET", Path: "/"})
	var se *StatusError
	if !errors.As(err, &se) || se.RetryAfter != time.Hour || !strings.Contains(err.Error(), "asked to wait 1h0m0s") {
		t.Errorf("error %v", err)
	}
}

func TestAnswerLargerThanTheCapFails(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, 3<<20))
	}))
	defer srv.Close()
	h, _ := NewHTTP(Options{BaseURL: srv.URL, MaxBytes: 1 << 20})
	if _, err := h.Do(context.Background(), Request{Method: "GET", Path: "/"}); err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Errorf("error %v", err)
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		select { // headers sent, the body never comes
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	h, _ := NewHTTP(Options{BaseURL: srv.URL, Timeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := h.Do(context.Background(), Request{Method: "GET", Path: "/"})
	if err == nil || !strings.Contains(err.Error(), "no answer within") || time.Since(start) > 5*time.Second {
		t.Errorf("error %v after %s", err, time.Since(start))
	}
}

func TestServerMessagesAreMadeSafe(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		w.Write([]byte(`{"error_message":"bad \u001b[31mred\u001b[0m\nthing"}`))
	}))
	defer srv.Close()
	h, _ := NewHTTP(Options{BaseURL: srv.URL})
	_, err := h.Do(context.Background(), Request{Method: "GET", Path: "/"})
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\n") || !strings.Contains(err.Error(), "bad red thing") {
		t.Errorf("error %q", err)
	}
}

func TestBadAddressesAreRefused(t *testing.T) {
	for _, u := range []string{"", "ftp://x", "miniflux.example", "http://"} {
		if _, err := NewHTTP(Options{BaseURL: u}); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}
