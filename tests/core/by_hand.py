"""Plain-Python versions of the smoothing recurrences, one series at a time, to check the
vectorised kernels against."""


def ses_squared_errors(series, alpha):
    """Sum of squared one-step errors of SES started at the first value."""
    level, total = series[0], 0.0
    for value in series[1:]:
        total += (value - level) ** 2
        level += alpha * (value - level)
    return total
