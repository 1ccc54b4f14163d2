"""Public web pages (demo council page with the chat, the report form) and the staff app."""
