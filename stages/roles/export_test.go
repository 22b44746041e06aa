package roles

// Kind exposes kind to the tests.
func (r *Rules) Kind(role string) string { return r.kind(role) }
