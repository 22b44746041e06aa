//go:build race

package job_test

// slowdown scales the time bounds of tests: the race detector slows the
// stages several times over, and other packages' tests share the CPUs.
const slowdown = 4
