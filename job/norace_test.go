//go:build !race

package job_test

const slowdown = 1
