# Bad on purpose: one variable without a description, one without a type, one with a blank description.
variable "no_description" {
  type = string
}

variable "no_type" {
  description = "Has a description but no type."
}

variable "blank_description" {
  description = " "
  type        = number
}

variable "documented" {
  description = "Fine."
  type        = map(string)
  default     = {}
}
