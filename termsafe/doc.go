// Package termsafe makes text from outside herald (feeds, pages, files,
// servers) safe to put on a terminal: no control character or escape
// sequence it carries can reach the terminal, and renderer output keeps only
// the styling and http(s) hyperlinks herald means to send.
package termsafe
