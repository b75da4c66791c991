"""How a message the bot owes reaches Slack once: queueing, rendering, pacing, sending, and
reconciling the posts whose outcome a dropped connection hid. `jobs/` schedules it; the
listeners and commands call it directly for what they send right away."""
