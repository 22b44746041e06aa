package entopic

// Version is entopic's release version. Builds from a repository add the
// revision (see `entopic version`).
const Version = "0.1.0-dev"
