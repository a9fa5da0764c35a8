package config

// Errors in words: a value of the wrong kind in config.toml or in a JSON
// style file is named by its key and what the key wants, the way the
// user wrote it, never by the Go types herald decodes into.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// expected says, per key, what its value must be, with an example.
var expected = map[string]string{
	"style":            `a style name or a file in quotes, like "auto"`,
	"refresh_on_start": "true or false",
	"concurrency":      "a whole number, like 256",
	"per_host":         "a whole number, like 4",
	"timeout":          `a duration in quotes, like "20s"`,
	"max_feed_size":    `a size in quotes or a number of bytes, like "16MiB"`,
	"keep_per_feed":    "a whole number, like 500",
	"browser":          `a command in quotes, like "firefox"`,
	"player":           `a command in quotes, like "mpv --no-video"`,
	"hyperlinks":       "true or false",
}

// wrongKind is the error for key holding v, a value of the wrong kind.
func wrongKind(key string, v any) error {
	return fmt.Errorf("%s must be %s, not %s", key, expected[key], tomlWords(v))
}

// tomlWords names a decoded TOML value as it was written.
func tomlWords(v any) string {
	switch v := v.(type) {
	case string:
		return "the text " + strconv.Quote(v)
	case int64:
		return "the number " + strconv.FormatInt(v, 10)
	case float64:
		return "the number " + strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return "a date or time"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return "a value of another kind"
}

// decodeFile reads config.toml's text. The TOML is decoded into plain
// values first and each key checked here, so a value of the wrong kind
// is named in words; decoding straight into Go types would say
// "incompatible types: TOML value has type int64; destination has type
// string".
func decodeFile(text string) (fileConfig, []string, error) {
	if why := notUTF8(text); why != "" {
		return fileConfig{}, nil, errors.New(why)
	}
	var raw map[string]any
	if _, err := toml.Decode(text, &raw); err != nil {
		return fileConfig{}, nil, errors.New(describeTOMLError(err))
	}
	var fc fileConfig
	var unknown []string
	for k := range raw {
		if !slices.Contains(Keys(), k) && k != "account" && k != "keys" && k != "theme" {
			unknown = append(unknown, k)
		}
	}
	// [keys] and [theme] are checked against what the interface has, by
	// parseKeys and parseTheme; here only their shape.
	for _, t := range []struct {
		name string
		into *map[string]any
	}{{"keys", &fc.Keys}, {"theme", &fc.Theme}} {
		if v, ok := raw[t.name]; ok {
			m, ok := v.(map[string]any)
			if !ok {
				return fileConfig{}, nil, fmt.Errorf("%s must be a [%s] table, not %s", t.name, t.name, tomlWords(v))
			}
			*t.into = m
		}
	}
	if v, ok := raw["account"]; ok {
		accts, stray, err := decodeAccounts(v)
		if err != nil {
			return fileConfig{}, nil, err
		}
		fc.Accounts = accts
		unknown = append(unknown, stray...)
	}
	// In the order the default file lists them, so the first wrong key
	// named is the same every time.
	for _, k := range Keys() {
		v, ok := raw[k]
		if !ok {
			continue
		}
		var err error
		switch k {
		case "style":
			fc.Style, err = asString(k, v)
		case "browser":
			fc.Browser, err = asString(k, v)
		case "player":
			fc.Player, err = asString(k, v)
		case "hyperlinks":
			b, ok := v.(bool)
			if !ok {
				err = wrongKind(k, v)
			}
			fc.Hyperlinks = &b
		case "timeout":
			fc.Timeout, err = asString(k, v)
		case "refresh_on_start":
			b, ok := v.(bool)
			if !ok {
				err = wrongKind(k, v)
			}
			fc.RefreshOnStart = &b
		case "concurrency":
			fc.Concurrency, err = asInt(k, v)
		case "per_host":
			fc.PerHost, err = asInt(k, v)
		case "keep_per_feed":
			fc.KeepPerFeed, err = asInt(k, v)
		case "max_feed_size":
			switch v.(type) {
			case string, int64:
				fc.MaxFeedSize = v
			default:
				err = wrongKind(k, v)
			}
		}
		if err != nil {
			return fileConfig{}, nil, err
		}
	}
	return fc, unknown, nil
}

// decodeAccounts reads the [[account]] tables; stray holds the keys no
// account has, as "account.KEY".
func decodeAccounts(v any) (accts []fileAccount, stray []string, err error) {
	tables, ok := v.([]map[string]any)
	if !ok {
		return nil, nil, fmt.Errorf("account must be one or more [[account]] tables, not %s", tomlWords(v))
	}
	for _, t := range tables {
		var a fileAccount
		fields := map[string]**string{
			"name": &a.Name, "type": &a.Type, "url": &a.URL, "username": &a.Username,
			"token": &a.Token, "token_file": &a.TokenFile, "password": &a.Password, "password_file": &a.PasswordFile,
		}
		for k, val := range t {
			field, known := fields[k]
			if !known {
				if name := "account." + k; !slices.Contains(stray, name) {
					stray = append(stray, name)
				}
				continue
			}
			s, ok := val.(string)
			if !ok {
				return nil, nil, fmt.Errorf("account %s must be text in quotes, not %s", k, tomlWords(val))
			}
			*field = &s
		}
		accts = append(accts, a)
	}
	return accts, stray, nil
}

func asString(key string, v any) (*string, error) {
	s, ok := v.(string)
	if !ok {
		return nil, wrongKind(key, v)
	}
	return &s, nil
}

func asInt(key string, v any) (*int, error) {
	n, ok := v.(int64)
	if !ok {
		return nil, wrongKind(key, v)
	}
	if int64(int(n)) != n {
		return nil, fmt.Errorf("%s: %d is out of range", key, n)
	}
	i := int(n)
	return &i, nil
}

// describeTOMLError words a TOML syntax error. BurntSushi/toml's messages
// are words already and carry the line and the last key (`line 3 (last
// key "timeout"): expected value`), but for a number too large, which
// names the Go type it would not fit.
func describeTOMLError(err error) string {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return strings.TrimPrefix(err.Error(), "toml: ")
	}
	where := fmt.Sprintf("line %d", pe.Position.Line)
	msg := pe.Message
	switch {
	case strings.Contains(msg, "out of range for int64"):
		msg = "the number is too large"
	case strings.HasPrefix(msg, "Key '") && strings.HasSuffix(msg, "' has already been defined."):
		msg = fmt.Sprintf("%q is set twice", strings.TrimSuffix(strings.TrimPrefix(msg, "Key '"), "' has already been defined."))
	case strings.Contains(msg, "to end table name") && strings.Contains(msg, `'\n'`) && pe.Position.Line > 1:
		// The parser is past the newline when it finds the name unclosed.
		where = fmt.Sprintf("line %d", pe.Position.Line-1)
	}
	if pe.LastKey != "" {
		where += fmt.Sprintf(" (last key %q)", pe.LastKey)
	}
	msg = strings.NewReplacer(`'\n'`, "the end of the line", `'\t'`, "a tab", `'\r'`, "a carriage return").Replace(msg)
	msg = strings.TrimSuffix(msg, ".")
	if r, n := utf8.DecodeRuneInString(msg); unicode.IsUpper(r) {
		msg = string(unicode.ToLower(r)) + msg[n:]
	}
	return where + ": " + msg
}

// notUTF8 says why text is not a config file TOML can read, or "": the
// TOML decoder passes over a UTF-16 byte order mark and reads the rest as
// keys, and an editor that saved in another encoding should be named.
func notUTF8(text string) string {
	switch {
	case strings.HasPrefix(text, "\xff\xfe"), strings.HasPrefix(text, "\xfe\xff"):
		return "the file is UTF-16 text; save it as UTF-8"
	case !utf8.ValidString(text):
		line := 1 + strings.Count(text[:invalidAt(text)], "\n")
		return fmt.Sprintf("line %d: the file is not UTF-8 text; save it as UTF-8", line)
	}
	return ""
}

// invalidAt is the offset of the first byte of text that is not UTF-8.
func invalidAt(text string) int {
	for i, r := range text {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(text[i:]); size == 1 {
				return i
			}
		}
	}
	return len(text)
}

// describeJSONError words why a JSON style file did not decode.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &syn) && strings.Contains(syn.Error(), "unexpected end"):
		return "the JSON ends too soon"
	case errors.As(err, &syn):
		return fmt.Sprintf("not valid JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		where := "the file"
		if typ.Field != "" {
			where = strconv.Quote(typ.Field)
		}
		return fmt.Sprintf("%s must be %s, not %s", where, jsonKind(typ.Type), article(typ.Value))
	}
	return err.Error()
}

// jsonKind says in words what a style field of Go type t is in JSON.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object in braces"
	case reflect.Slice, reflect.Array:
		return "a list in brackets"
	case reflect.String:
		return "text in quotes"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

// article puts "a" or "an" before the kind of JSON value encoding/json
// names: "string", "number", "object", "array", "bool".
func article(kind string) string {
	switch {
	case kind == "bool":
		return "true or false"
	case strings.HasPrefix(kind, "number"):
		return "a number"
	case strings.HasPrefix(kind, "a") || strings.HasPrefix(kind, "o"):
		return "an " + kind
	}
	return "a " + kind
}
