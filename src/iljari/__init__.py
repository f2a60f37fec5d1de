"""iljari (일자리): a platform for a regional public job center."""
