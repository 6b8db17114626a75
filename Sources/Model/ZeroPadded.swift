extension Int {
    /// The decimal digits of a non-negative number, left-padded with zeros to `width` (`7.zeroPadded(3)` is
    /// `007`). Dates, timestamps and certificate numbers are formatted with it instead of `String(format:)`,
    /// which goes through Foundation's C-varargs formatter and costs microseconds per call.
    public func zeroPadded(_ width: Int) -> String {
        let digits = String(self)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }
}
