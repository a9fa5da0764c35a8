package remote

import (
	"encoding/json"
	"fmt"
)

// DecodeJSON reads a server's JSON answer into v. An answer that is not
// JSON of that shape means the address is some other server (a web page, a
// proxy's error page), which is what the error says, naming the kind of
// server that was expected.
func DecodeJSON(body []byte, v any, kind string) error {
	if err := decodeJSON(body, v); err != nil {
		return fmt.Errorf("%w: the answer is not %s's JSON", ErrNotServer, kind)
	}
	return nil
}

func decodeJSON(body []byte, v any) error {
	return json.Unmarshal(body, v)
}

// Batches splits ids into runs of at most n, in order.
func Batches[T any](ids []T, n int) [][]T {
	var out [][]T
	for len(ids) > n {
		out = append(out, ids[:n:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}
