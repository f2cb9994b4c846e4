variable "subscription_id" {
  description = "Azure subscription that holds the resource group. Pass it in; it is never written in a .tf file."
  type        = string
}

variable "tenant_id" {
  description = "Microsoft Entra tenant of the subscription and the Databricks workspace."
  type        = string
}

variable "environment" {
  description = "Deployment environment this state describes; one state per environment (dev or prod)."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "The environment must be dev or prod."
  }
}

variable "location" {
  description = "Azure region for the resource group and everything in it, for example westeurope."
  type        = string
}

variable "resource_group_name" {
  description = "Name of the resource group that Terraform creates for this environment."
  type        = string
}

variable "storage_account_name" {
  description = "Globally unique name of the ADLS Gen2 account: 3 to 24 lowercase letters and digits."
  type        = string
}

variable "storage_replication_type" {
  description = "Replication of the storage account: LRS, ZRS, GRS or GZRS."
  type        = string
  default     = "ZRS"
}

variable "public_network_access_enabled" {
  description = "Whether the storage account accepts traffic from public networks. Set false when private endpoints reach it."
  type        = bool
  default     = false
}

variable "soft_delete_retention_days" {
  description = "Days that deleted blobs and deleted filesystems stay recoverable."
  type        = number
  default     = 14
}

variable "landing_prefix" {
  description = "Folder inside the landing filesystem where producers write and the landing volume points."
  type        = string
  default     = "events"
}

variable "databricks_host" {
  description = "URL of the Azure Databricks workspace (Unity Catalog enabled, metastore assigned), https://adb-<id>.<n>.azuredatabricks.net."
  type        = string

  validation {
    condition     = can(regex("^https://[^/]+/?$", var.databricks_host))
    error_message = "The workspace URL must be https://<host>, without a path."
  }
}

variable "databricks_account_id" {
  description = "Databricks account that holds the workspace (account console, user menu). The deploy service principal and its federation policy are created there."
  type        = string
}

variable "databricks_workspace_id" {
  description = "Numeric id of the workspace, the <id> in https://adb-<id>.<n>.azuredatabricks.net; the deploy service principal is assigned to it."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+$", var.databricks_workspace_id))
    error_message = "The workspace id is the number in the workspace URL."
  }
}

variable "catalog_name" {
  description = "Unity Catalog catalog for the clickstream tables; becomes the bundle variable catalog."
  type        = string
}

variable "schema_name" {
  description = "Schema inside the catalog for the tables, the event log and the volumes; becomes the bundle variable schema."
  type        = string
  default     = "clickstream"
}

variable "pepper_secret_scope" {
  description = "Databricks secret scope that will hold the PII pepper. Terraform creates the scope only; the pepper is put in by hand."
  type        = string
  default     = "clickflow"
}

variable "github_repository" {
  description = "GitHub repository allowed to deploy, as owner/name."
  type        = string
}

variable "github_environment" {
  description = "GitHub Actions environment whose jobs may sign in as the deploy service principal: dev or prod, as deploy.yml names them."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.github_environment)
    error_message = "The GitHub environment must be dev or prod, the two environments deploy.yml runs in."
  }
}

variable "name_prefix" {
  description = "Prefix for the names of identities, connectors and Unity Catalog objects."
  type        = string
  default     = "clickflow"
}

variable "tags" {
  description = "Tags added to every Azure resource."
  type        = map(string)
  default     = {}
}
