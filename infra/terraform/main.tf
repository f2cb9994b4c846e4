locals {
  tags = merge(var.tags, {
    application = "clickflow"
    environment = var.environment
  })

  databricks_host = trimsuffix(var.databricks_host, "/")

  # The audience deploy.yml asks GitHub to put in its OIDC token: the workspace's token endpoint,
  # which is also what the Databricks CLI asks for by default when it talks to a workspace.
  deploy_token_audience = "${local.databricks_host}/oidc/v1/token"
}

resource "azurerm_resource_group" "this" {
  name     = var.resource_group_name
  location = var.location
  tags     = local.tags
}

module "storage" {
  source = "./modules/storage"

  resource_group_name           = azurerm_resource_group.this.name
  location                      = azurerm_resource_group.this.location
  account_name                  = var.storage_account_name
  replication_type              = var.storage_replication_type
  public_network_access_enabled = var.public_network_access_enabled
  soft_delete_retention_days    = var.soft_delete_retention_days
  tags                          = local.tags
}

module "producer_identity" {
  source = "./modules/producer_identity"

  name                    = "${var.name_prefix}-producer-${var.environment}"
  resource_group_name     = azurerm_resource_group.this.name
  location                = azurerm_resource_group.this.location
  storage_account_id      = module.storage.account_id
  landing_filesystem_name = module.storage.landing_filesystem_name
  tags                    = local.tags
}

module "github_deploy" {
  source = "./modules/github_deploy"
  providers = {
    databricks         = databricks
    databricks.account = databricks.account
  }

  display_name            = "${var.name_prefix}-deploy-${var.environment}"
  databricks_workspace_id = var.databricks_workspace_id
  token_audience          = local.deploy_token_audience
  github_repository       = var.github_repository
  github_environment      = var.github_environment
  pepper_secret_scope     = var.pepper_secret_scope
}

module "databricks_access" {
  source = "./modules/databricks_access"

  name                      = "${var.name_prefix}-${var.environment}"
  resource_group_name       = azurerm_resource_group.this.name
  location                  = azurerm_resource_group.this.location
  storage_account_id        = module.storage.account_id
  storage_account_name      = module.storage.account_name
  landing_filesystem_name   = module.storage.landing_filesystem_name
  lakehouse_filesystem_name = module.storage.lakehouse_filesystem_name
  landing_prefix            = var.landing_prefix
  catalog_name              = var.catalog_name
  schema_name               = var.schema_name
  pipeline_principal        = module.github_deploy.client_id
  tags                      = local.tags
}
