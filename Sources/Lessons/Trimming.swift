extension Substring {
    /// Without leading and trailing whitespace.
    public var trimmed: Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }

    /// ``trimmed`` as a String.
    public var trimmedString: String { String(trimmed) }
}

extension String {
    /// Without leading and trailing whitespace (the lesson reader and the REPL share it).
    public var trimmedString: String { Substring(self).trimmedString }
}

extension String {
    /// The REPL's spelling of ``trimmedString`` (the same code).
    public var trimmingWhitespace: String { trimmedString }
}
