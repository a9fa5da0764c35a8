//go:build race

package feed

// raceEnabled: the race detector makes the 16 MiB hostile feeds take
// minutes; they are about memory and time, which -race distorts anyway.
const raceEnabled = true
