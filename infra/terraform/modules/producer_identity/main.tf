resource "azurerm_user_assigned_identity" "producer" {
  name                = var.name
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
}

# Scoped to the landing filesystem (the container), not the account: the producer cannot read
# or write the lakehouse.
resource "azurerm_role_assignment" "landing_writer" {
  scope                = "${var.storage_account_id}/blobServices/default/containers/${var.landing_filesystem_name}"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.producer.principal_id
  principal_type       = "ServicePrincipal"
  description          = "clickflow producer publishes event files to the landing filesystem."
}
