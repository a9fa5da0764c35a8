// Package fetch is herald's HTTP: one client for feeds and pages with a
// timeout and a size cap on every request, bounds on requests in flight
// overall and per host, a byte budget for bodies read but not yet processed,
// conditional GET with stored validators, and Retry-After.
package fetch
