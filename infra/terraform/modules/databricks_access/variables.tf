variable "name" {
  description = "Base name of the access connector and of the Unity Catalog storage credential and external locations."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the access connector."
  type        = string
}

variable "location" {
  description = "Azure region of the access connector; the workspace's region."
  type        = string
}

variable "storage_account_id" {
  description = "Resource id of the storage account with the landing and lakehouse filesystems."
  type        = string
}

variable "storage_account_name" {
  description = "Name of the storage account, used in the abfss:// URLs."
  type        = string
}

variable "landing_filesystem_name" {
  description = "Filesystem the producers write to; the pipeline only reads it."
  type        = string
}

variable "lakehouse_filesystem_name" {
  description = "Filesystem that holds the catalog's managed tables and volumes."
  type        = string
}

variable "landing_prefix" {
  description = "Folder in the landing filesystem that the landing volume points at."
  type        = string
}

variable "catalog_name" {
  description = "Name of the Unity Catalog catalog."
  type        = string
}

variable "schema_name" {
  description = "Name of the schema inside the catalog."
  type        = string
}

variable "pipeline_principal" {
  description = "Application id of the service principal that deploys and runs the pipeline job."
  type        = string
}

variable "tags" {
  description = "Tags for the access connector."
  type        = map(string)
}
