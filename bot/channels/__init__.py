"""Public channels of the gateway, one blueprint each."""
