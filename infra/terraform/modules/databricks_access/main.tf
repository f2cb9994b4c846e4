locals {
  landing_url   = "abfss://${var.landing_filesystem_name}@${var.storage_account_name}.dfs.core.windows.net/"
  lakehouse_url = "abfss://${var.lakehouse_filesystem_name}@${var.storage_account_name}.dfs.core.windows.net/"
}

resource "azurerm_databricks_access_connector" "this" {
  name                = "${var.name}-uc"
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags

  identity {
    type = "SystemAssigned"
  }
}

# Unity Catalog writes managed tables, managed volumes and checkpoints here.
resource "azurerm_role_assignment" "lakehouse_contributor" {
  scope                = "${var.storage_account_id}/blobServices/default/containers/${var.lakehouse_filesystem_name}"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_databricks_access_connector.this.identity[0].principal_id
  principal_type       = "ServicePrincipal"
  description          = "Unity Catalog managed storage for clickflow (tables, volumes, checkpoints)."
}

# Read only: the landing volume is how Bronze lists and reads new files; the pipeline never
# writes, moves or deletes what the producers published.
resource "azurerm_role_assignment" "landing_reader" {
  scope                = "${var.storage_account_id}/blobServices/default/containers/${var.landing_filesystem_name}"
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azurerm_databricks_access_connector.this.identity[0].principal_id
  principal_type       = "ServicePrincipal"
  description          = "Unity Catalog reads clickflow landing files through the landing volume."
}

resource "databricks_storage_credential" "this" {
  name    = var.name
  comment = "clickflow: access connector for the landing and lakehouse filesystems."

  azure_managed_identity {
    access_connector_id = azurerm_databricks_access_connector.this.id
  }

  depends_on = [
    azurerm_role_assignment.lakehouse_contributor,
    azurerm_role_assignment.landing_reader,
  ]
}

resource "databricks_external_location" "lakehouse" {
  name            = "${var.name}-lakehouse"
  url             = local.lakehouse_url
  credential_name = databricks_storage_credential.this.name
  comment         = "clickflow managed storage."
}

resource "databricks_external_location" "landing" {
  name            = "${var.name}-landing"
  url             = local.landing_url
  credential_name = databricks_storage_credential.this.name
  read_only       = true
  comment         = "clickflow landing files, written by the producers only."
}

resource "databricks_catalog" "this" {
  name         = var.catalog_name
  storage_root = "${local.lakehouse_url}unity/${var.catalog_name}"
  comment      = "clickflow Bronze, Silver and Gold tables."

  depends_on = [databricks_external_location.lakehouse]
}

resource "databricks_schema" "this" {
  catalog_name = databricks_catalog.this.name
  name         = var.schema_name
  comment      = "clickflow clickstream tables, event log and volumes."
}

resource "databricks_volume" "landing" {
  name             = "landing"
  catalog_name     = databricks_catalog.this.name
  schema_name      = databricks_schema.this.name
  volume_type      = "EXTERNAL"
  storage_location = "${local.landing_url}${var.landing_prefix}"
  comment          = "Event files as the producers publish them."

  depends_on = [databricks_external_location.landing]
}

resource "databricks_volume" "checkpoints" {
  name         = "checkpoints"
  catalog_name = databricks_catalog.this.name
  schema_name  = databricks_schema.this.name
  volume_type  = "MANAGED"
  comment      = "Streaming checkpoints, one folder per flow."
}

resource "databricks_grants" "catalog" {
  catalog = databricks_catalog.this.name

  grant {
    principal  = var.pipeline_principal
    privileges = ["USE_CATALOG"]
  }
}

resource "databricks_grants" "schema" {
  schema = "${databricks_catalog.this.name}.${databricks_schema.this.name}"

  grant {
    principal  = var.pipeline_principal
    privileges = ["USE_SCHEMA", "CREATE_TABLE", "SELECT", "MODIFY"]
  }
}

resource "databricks_grants" "landing_volume" {
  volume = databricks_volume.landing.id

  grant {
    principal  = var.pipeline_principal
    privileges = ["READ_VOLUME"]
  }
}

resource "databricks_grants" "checkpoint_volume" {
  volume = databricks_volume.checkpoints.id

  grant {
    principal  = var.pipeline_principal
    privileges = ["READ_VOLUME", "WRITE_VOLUME"]
  }
}
