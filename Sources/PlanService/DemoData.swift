/// The sample clients the demo imports; they suit the sample Rules folder.
enum DemoData {
    static let clientsJSON = """
    [{"id": "C-0001", "name": "Ada Nguyen", "profile": {"first_name": "Ada", "last_name": "Nguyen", "pronouns": "She/her", "date_of_birth": "1990-03-01", "gender": "Female", "phone": "0412 345 678", "email": "ada.nguyen@example.com.au", "address_line1": "12 Lygon Street", "suburb": "Carlton", "state": "VIC", "postcode": "3053", "funding_type": "NDIS", "ndis_number": "430123456", "ndis_plan_management": "Plan-managed", "primary_disability": "Cerebral palsy", "allergies": "Penicillin", "gp_name": "Dr Priya Raman", "gp_phone": "03 9347 1234", "language": "English", "interpreter_required": false, "uses_aac": false, "takes_medication": true, "has_behaviour_support_needs": true, "dietary_requirements": ["Texture modified (IDDSI)"], "mobility_aid": "Manual wheelchair", "lives_alone": false},
     "records": [
      {"id": "CC-00001", "type": "care_contact", "name": "Bo Nguyen", "relationship": "Parent", "phone": "0400 111 222", "suburb": "Carlton", "is_emergency_contact": true},
      {"id": "CC-00002", "type": "care_contact", "name": "Linh Tran", "relationship": "Friend", "phone": "0400 333 444", "suburb": "Brunswick"},
      {"id": "MED-00001", "type": "medication", "name": "Baclofen", "dose": "10 mg", "frequency": "Three times daily", "route": "Oral", "purpose": "Muscle spasticity", "prescriber": "Dr Priya Raman", "status": "current", "start_date": "2024-02-01"},
      {"id": "MED-00002", "type": "medication", "name": "Amoxicillin", "dose": "500 mg", "frequency": "Three times daily", "route": "Oral", "prescriber": "Dr Priya Raman", "status": "ceased", "start_date": "2025-06-01", "end_date": "2025-06-08"},
      {"id": "RA-00001", "type": "risk_assessment", "risk": "Fall when transferring from wheelchair to bed", "category": "Falls", "likelihood": "Possible", "consequence": "Major", "rating": "High", "controls": "Two-person transfer with a slide sheet; brakes on; see the transfer video.", "assessed_by": "Sam Okafor (OT)", "assessed_date": "2026-08-14", "review_date": "2027-02-14"},
      {"id": "BSP-00001", "type": "behaviour_support_plan", "title": "Positive behaviour support plan 2026", "practitioner": "Dr Mel Harris", "practitioner_email": "mel.harris@example.org.au", "approved_date": "2026-05-02", "review_date": "2027-05-02", "restrictive_practices": false},
      {"id": "BST-00001", "type": "behaviour_strategy", "title": "Visual schedule each morning", "kind": "Proactive", "what_to_do": "Go through the day's picture schedule with Ada at breakfast.", "source_plan": "BSP-00001"},
      {"id": "BST-00002", "type": "behaviour_strategy", "title": "Quiet space when noise builds", "kind": "Early warning", "trigger": "Loud, crowded rooms", "what_to_do": "Offer headphones and a move to a quieter room.", "source_plan": "BSP-00001"},
      {"id": "GAP-00001", "type": "goal_attainment_plan", "title": "Goals 2026-27", "goals": "Catch the tram to the library on my own; cook one meal a week.", "support_coordinator": "Jo Patel"},
      {"id": "PRV-00001", "type": "service_provider", "name": "Inner North Allied Health", "service_type": "Allied health", "phone": "03 9000 1111"}
     ]},
    {"id": "C-0002", "name": "Ron Walsh", "profile": {"first_name": "Ron", "last_name": "Walsh", "date_of_birth": "1946-07-19", "gender": "Male", "phone": "03 9123 4567", "suburb": "Geelong", "state": "VIC", "postcode": "3220", "funding_type": "Home Care Package", "my_aged_care_id": "AC12345678", "hcp_level": "Level 3", "takes_medication": true, "lives_alone": true, "mobility_aid": "Walker or frame", "falls_last_12_months": 2},
     "records": [
      {"id": "CC-00003", "type": "care_contact", "name": "Karen Walsh", "relationship": "Child", "phone": "0411 222 333", "is_emergency_contact": true},
      {"id": "MED-00003", "type": "medication", "name": "Metformin", "dose": "500 mg", "frequency": "Twice daily with food", "route": "Oral", "prescriber": "Dr Alan Chu", "status": "current"}
     ]},
    {"id": "C-0003", "name": "Mia Roberts", "profile": {"first_name": "Mia", "last_name": "Roberts", "date_of_birth": "2014-10-05", "gender": "Female", "suburb": "Footscray", "state": "VIC", "postcode": "3011", "funding_type": "NDIS", "ndis_number": "430987654", "primary_disability": "Autism", "uses_aac": true, "has_guardian": true},
     "records": [
      {"id": "CC-00004", "type": "care_contact", "name": "Sarah Roberts", "relationship": "Parent", "phone": "0422 555 666", "is_emergency_contact": true, "decision_maker": true}
     ]}]
    """
}
