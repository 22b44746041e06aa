//go:build race

package main

// raceEnabled: the race detector slows a run ten times; the process-level
// tests that time their signals run without it (.ci/run runs them).
const raceEnabled = true
