extension RecordType {
    /// Why a record of this type holding `fields` can't exist, one message per field in the type's
    /// order: a required field blank, a value not of the field's type, options or format.
    ///
    /// `client import` and rule fixtures both judge records by this, so a rule can't pass its fixtures
    /// on a record that real data could never hold.
    public func problems(with fields: FieldValues) -> [(field: String, message: String)] {
        self.fields.compactMap { field in field.problem(with: fields[field.key]).map { (field.key, $0) } }
    }
}

extension ProfileSchema {
    /// Why `value` can't be held by the profile field `field`: its type, options or format.
    ///
    /// `required` is not judged: a profile may be incomplete, and an item that needs the field asks for it.
    public func problem(with value: FieldValue, for field: FieldDefinition) -> String? {
        // `required` is judged only of a blank value, so a blank value passes and any other is judged as the field
        // judges it: the field's answer as if not required, without a copy of the field made to say so.
        value.isBlank ? nil : field.problem(with: value)
    }
}
