"""Pages of the fairs app: validate, call one action, render."""
