package topicmodel

// Digamma exposes digamma to the tests.
var Digamma = digamma
