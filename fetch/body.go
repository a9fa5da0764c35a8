package fetch

import (
	"bytes"
	"io"
	"net/url"
	"strings"
)

func hostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// maxPresize is as far as a length a server announces is taken on trust: a
// lying server must not get a large buffer for a short body.
const maxPresize = 2 << 20

// presize is the buffer readSized reads a body of the announced size into,
// 0 when it cannot tell.
func presize(size, max int64) int64 {
	if size < 0 || size > max {
		return 0
	}
	// bytes.Buffer reads on while bytes.MinRead are free, so that much
	// spare room lets an exact size end without growing.
	return min(size, maxPresize) + bytes.MinRead
}

// readSized reads at most max bytes and fails, rather than truncating, when
// there is more. size is the length the server announced, -1 if none: when
// it is honest the body is read into one buffer of the right size, with no
// copies left behind by growing one.
func readSized(r io.Reader, max, size int64) ([]byte, error) {
	r = io.LimitReader(r, max+1)
	if presize(size, max) == 0 {
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		if int64(len(b)) > max {
			return nil, errTooLarge
		}
		return b, nil
	}
	buf := bytes.NewBuffer(make([]byte, 0, presize(size, max)))
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, errTooLarge
	}
	return buf.Bytes(), nil
}
