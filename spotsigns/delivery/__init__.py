"""Delivering the outbox: routing, message formats, transports (SMTP, Twilio SMS, signed
webhook) and the worker that sends with retries."""
