package termsafe

import "net/url"

// IsWebURL reports an absolute http or https URL with a host: the one test
// for a link herald may open in a browser, fetch, or make clickable.
// Anything else (file:, javascript:, mailto:, relative paths) is refused.
func IsWebURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	return (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != ""
}
