"""Small presentation helpers shared by the employer portal and the counselor console."""

from iljari.core.workflow import history


def history_rows(obj) -> list[dict]:
    """The transition log of ``obj`` with Korean state labels."""
    labels = dict(obj._meta.get_field("status").choices or [])
    return [
        {
            "at": row.at,
            "from_label": labels.get(row.from_state, row.from_state) if row.from_state else "",
            "to_label": labels.get(row.to_state, row.to_state),
            "actor": row.actor,
            "reason": row.reason,
        }
        for row in history(obj)
    ]
