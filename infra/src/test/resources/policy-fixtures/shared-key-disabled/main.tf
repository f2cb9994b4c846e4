# Bad on purpose: shared keys on, and left at the provider's default (on).
resource "azurerm_storage_account" "keys_on" {
  name                      = "keyson"
  is_hns_enabled            = true
  min_tls_version           = "TLS1_2"
  shared_access_key_enabled = true
}

resource "azurerm_storage_account" "default" {
  name            = "default"
  is_hns_enabled  = true
  min_tls_version = "TLS1_2"
}
